package dev.polystage.reports.api;

/** The api could not give an answer a report can use; {@link #failure()} says why. */
public class ApiException extends RuntimeException {

    public enum Failure {
        /** No connection (refused, unknown host, connect timeout) or an answer that is not a job page. */
        UNAVAILABLE,
        /** Connected, but no whole answer (headers and body) within REPORTS_API_TIMEOUT, or the report's REPORTS_DEADLINE passed. */
        TIMED_OUT
    }

    private final Failure failure;

    public ApiException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
