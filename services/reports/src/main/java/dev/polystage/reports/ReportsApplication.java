package dev.polystage.reports;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import sun.misc.Signal;

/** Job reports for polystage: summaries aggregated from the api's job list. */
@SpringBootApplication
@EnableConfigurationProperties(ReportsProperties.class)
public class ReportsApplication {

    public static void main(String[] args) {
        exitZeroOnStopSignals();
        SpringApplication.run(ReportsApplication.class, args);
    }

    /**
     * A JVM stopped by SIGTERM exits with 143 (128 + 15), which orchestrators read as a crash.
     * Asking for a normal exit instead runs the same shutdown hooks, Spring's graceful stop
     * included (in-flight requests finish, then the context closes), and then exits with 0.
     */
    private static void exitZeroOnStopSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> System.exit(0));
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
