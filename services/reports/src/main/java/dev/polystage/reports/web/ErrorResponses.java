package dev.polystage.reports.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.polystage.reports.api.ApiException;
import dev.polystage.reports.summary.BadQueryException;
import dev.polystage.reports.summary.BusyException;

/** Errors as JSON {"error": "...", "message": "..."}, the way the gateway answers. */
@RestControllerAdvice
class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler
    ResponseEntity<Map<String, String>> badQuery(BadQueryException e) {
        return error(HttpStatus.BAD_REQUEST, "bad query", e.getMessage());
    }

    /**
     * Tomcat cannot decode the query string (a broken %-escape, bytes that are not UTF-8): a bad
     * query like any other, not an error logged with its stack trace.
     */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> undecodableQuery(InvalidParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "bad query", "query: not percent-encoded UTF-8 (" + e.getMessage() + ")");
    }

    /** 503 with Retry-After: most reports take well under a second, so a retry one second on usually finds a slot. */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> busy(BusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Map.of("error", "busy", "message", e.getMessage()));
    }

    /** 502 when the api cannot be reached or answers wrongly, 504 when it is too slow. */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> api(ApiException e) {
        log.atWarn().addKeyValue("failure", e.failure()).log("api call failed: {}", e.getMessage());
        return switch (e.failure()) {
            case UNAVAILABLE -> error(HttpStatus.BAD_GATEWAY, "api unavailable", e.getMessage());
            case TIMED_OUT -> error(HttpStatus.GATEWAY_TIMEOUT, "api timed out", e.getMessage());
        };
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).body(Map.of("error", error, "message", message));
    }
}
