package org.govshare.gateway.job;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.govshare.gateway.testing.RealServers;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JobStoreTest}'s cases on PostgreSQL.
 */
class JobStorePostgresIT extends JobStoreTest {
    private static final String DATABASE = RealServers.database("job_store");

    @Override
    DataSource controlPlane() throws SQLException {
        RealServers.recreatePostgresDatabase(DATABASE);
        PGSimpleDataSource store = new PGSimpleDataSource();
        store.setUrl(RealServers.POSTGRES + DATABASE);
        store.setUser("postgres");
        return store;
    }
}
