package org.govshare.gateway.access;

import org.govshare.gateway.testing.RealServers;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The access-control suite against the real servers: sources on PostgreSQL and MariaDB, grants in the PostgreSQL
 * control plane, so row filters and masks are proven on the engines that hold the data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class RealSourcesAccessControlIT extends AccessControlSuite {
    @BeforeAll
    static void databases() {
        RealServers.ensureDatabases();
    }

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        RealServers.register(registry);
    }
}
