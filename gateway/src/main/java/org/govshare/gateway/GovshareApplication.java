package org.govshare.gateway;

import java.util.List;
import org.govshare.gateway.catalog.CatalogCheckCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the gateway: in production unless the {@code demo} profile is asked for (then embedded sources with generated
 * data). With {@code check-catalog} as its first argument it checks a catalog instead, without starting anything.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GovshareApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CatalogCheckCommand.NAME)) {
            System.exit(CatalogCheckCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(GovshareApplication.class, args);
    }
}
