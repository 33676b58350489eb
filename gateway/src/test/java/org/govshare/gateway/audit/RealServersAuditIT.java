package org.govshare.gateway.audit;

import org.govshare.gateway.testing.RealServersTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The audit suite with the trail on PostgreSQL (the tamper test edits the real table) and real sources. */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class RealServersAuditIT extends AuditSuite {}
