package org.govshare.gateway.testing;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link TestingClock} in place of the gateway's clock: every expiry, quota day, audit timestamp and workflow
 * deadline reads it. Import it into a {@code @SpringBootTest} and autowire the {@link TestingClock} to move time.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestingClockConfiguration {

    @Bean
    @Primary
    TestingClock testingClock() {
        return TestingClock.following(Clock.systemUTC());
    }
}
