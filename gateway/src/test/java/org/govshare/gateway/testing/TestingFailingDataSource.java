package org.govshare.gateway.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that refuses connections while told to, as a source that is down would, or fails with an unexpected
 * runtime exception, as a bug of the gateway's would.
 */
final class TestingFailingDataSource implements DataSource {
    private final DataSource delegate;
    private final BooleanSupplier down;
    private final BooleanSupplier buggy;

    TestingFailingDataSource(DataSource delegate, BooleanSupplier down, BooleanSupplier buggy) {
        this.delegate = delegate;
        this.down = down;
        this.buggy = buggy;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down.getAsBoolean()) {
            throw new SQLTransientConnectionException("source is down (test fault)");
        }
        if (buggy.getAsBoolean()) {
            throw new IllegalStateException("an unexpected failure inside the gateway (test fault)");
        }
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
