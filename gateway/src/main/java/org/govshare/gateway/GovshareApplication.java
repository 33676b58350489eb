package org.govshare.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the gateway; with no configuration it runs the demo: embedded sources with generated data. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GovshareApplication {
    public static void main(String[] args) {
        SpringApplication.run(GovshareApplication.class, args);
    }
}
