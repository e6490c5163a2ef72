package dev.polystage.reports.web;

import java.time.Clock;
import java.util.Map;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.polystage.reports.summary.JobSummary;
import dev.polystage.reports.summary.ReportQuery;
import dev.polystage.reports.summary.ReportService;

/** The service's routes. Behind the gateway they are /reports/healthz and /reports/jobs/summary. */
@RestController
class ReportController {

    private final ReportService reports;
    private final Clock clock;

    ReportController(ReportService reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** Liveness: answers while the server runs and never calls the api. */
    @GetMapping("/healthz")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }

    @GetMapping("/jobs/summary")
    JobSummary jobSummary(@RequestParam MultiValueMap<String, String> parameters) {
        return reports.summarize(ReportQuery.parse(parameters, clock));
    }
}
