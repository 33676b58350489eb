package org.govshare.gateway.access;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The access-control suite on the demo default: embedded H2 sources and control plane. */
@ActiveProfiles("demo")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "govshare.demo.residents=2000")
class DemoAccessControlIT extends AccessControlSuite {}
