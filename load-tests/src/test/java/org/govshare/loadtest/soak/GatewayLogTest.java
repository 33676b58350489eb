package org.govshare.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayLogTest {
    private static final String START =
            "2026-11-22T21:29:32.568Z  WARN 13568 --- [govshare] [main] PolicyChanges : cannot" + " subscribe yet\n";
    private static final String SOAK = """
            2026-11-22T21:30:15.671Z  WARN 13568 --- [govshare] [exec-11] RedisState : Redis is unreachable
            io.lettuce.core.RedisCommandTimeoutException: EVALSHA. Command timed out after 250 millisecond(s)
            \tat io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:75)
            2026-11-22T21:30:16.002Z ERROR 13568 --- [govshare] [exec-12] AuditLog : audit batch failed
            2026-11-22T21:30:17.000Z  INFO 13568 --- [govshare] [exec-12] Something : not counted
            """;

    @Test
    void countsEntriesAtWarnOrErrorFromAnOffsetOn(@TempDir Path directory) throws IOException {
        Path log = directory.resolve("govshare.log");
        Files.writeString(log, START + SOAK, StandardCharsets.UTF_8);

        GatewayLog.Warnings all = GatewayLog.warnings(log, 0);
        GatewayLog.Warnings soak = GatewayLog.warnings(log, START.getBytes(StandardCharsets.UTF_8).length);

        assertThat(all.warnings()).isEqualTo(2);
        assertThat(all.errors()).isEqualTo(1);
        assertThat(soak.warnings()).isEqualTo(1);
        assertThat(soak.errors()).isEqualTo(1);
        assertThat(soak.first()).hasValueSatisfying(line -> assertThat(line).contains("Redis is unreachable"));
    }
}
