package org.govshare.loadtest.bare;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.govshare.gateway.demo.DemoDataGenerator;
import org.govshare.loadtest.data.BenchmarkDatabases;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The bare endpoint: the gateway's web stack (Spring Boot, Tomcat, Spring MVC, Jackson, HikariCP pools of the
 * gateway's size) answering the workloads with the gateway's SQL, but without GraphQL, tokens or access decisions.
 * What govshare adds over it is the cost of being a gateway. Started by the benchmark as its own process, with the
 * gateway's JVM flags: {@code --server.port=… --bare.work=load-tests/work}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    HttpEncodingAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class
})
@Import(BareEndpointController.class)
public class BareEndpointApplication {
    /** The gateway's default pool size per source ({@code govshare.sources.<name>.pool-size}). */
    static final int POOL_SIZE = 8;

    public static void main(String[] arguments) {
        SpringApplication application = new SpringApplication(BareEndpointApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off"));
        application.run(arguments);
    }

    @Bean
    BenchmarkDatabases benchmarkDatabases(@Value("${bare.work}") String work) {
        return new BenchmarkDatabases(Path.of(work));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource policePool(BenchmarkDatabases databases) {
        return databases.source(DemoDataGenerator.POLICE).readOnlyPool("source-police", POOL_SIZE);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource hrssPool(BenchmarkDatabases databases) {
        return databases.source(DemoDataGenerator.HRSS).readOnlyPool("source-hrss", POOL_SIZE);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource taxPool(BenchmarkDatabases databases) {
        return databases.source(DemoDataGenerator.TAX).readOnlyPool("source-tax", POOL_SIZE);
    }

    @Bean
    ResidentQueries residentQueries(HikariDataSource policePool, HikariDataSource hrssPool, HikariDataSource taxPool) {
        return new ResidentQueries(policePool, hrssPool, taxPool);
    }
}
