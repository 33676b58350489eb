package org.govshare.gateway.workflow;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The workflow suite on the demo default: the embedded control plane. */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class DemoWorkflowIT extends WorkflowSuite {}
