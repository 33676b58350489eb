package org.govshare.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.govshare.gateway.GovshareApplication;
import org.govshare.schema.catalog.CatalogException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** A catalog bound to tables its sources do not have stops start-up, naming every one with its SDL file and line. */
class CatalogStartupTest {
    @Test
    void refusesToStartWhenASourceLacksABoundTable() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(GovshareApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off");

        // No generator and fresh embedded databases: no bound table exists.
        java.util.List<String> arguments = new java.util.ArrayList<>(
                java.util.List.of("--govshare.demo.generate=false", "--spring.profiles.active=demo"));
        for (String source : java.util.List.of("police", "hrss", "tax", "medical", "market")) {
            arguments.add("--govshare.sources." + source + ".url=jdbc:h2:mem:empty-" + source + "-"
                    + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        }

        assertThatThrownBy(
                        () -> application.run(arguments.toArray(String[]::new)).close())
                .satisfies(failure -> {
                    Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
                    assertThat(cause).isInstanceOf(CatalogException.class);
                    assertThat(((CatalogException) cause).problems())
                            .extracting(Object::toString)
                            .hasSize(5)
                            .anySatisfy(problem -> assertThat(problem)
                                    .matches("catalog/demo/police\\.graphqls:\\d+:\\d+: type Resident is bound to"
                                            + " unknown table police\\.resident"))
                            .anySatisfy(problem -> assertThat(problem)
                                    .startsWith("catalog/demo/market.graphqls:")
                                    .endsWith("unknown table market.enterprise"));
                });
    }
}
