package org.govshare.gateway.workflow;

import org.govshare.gateway.testing.RealServersTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The workflow suite with the control plane on PostgreSQL and Redis announcing policy changes. */
@RealServersTest
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class RealServersWorkflowIT extends WorkflowSuite {}
