package org.govshare.gateway.access;

import org.govshare.gateway.testing.RealServersTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The access-control suite against the real servers: sources on PostgreSQL and MariaDB, grants in the PostgreSQL
 * control plane, so row filters and masks are proven on the engines that hold the data.
 */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class RealSourcesAccessControlIT extends AccessControlSuite {}
