package dev.polystage.reports.summary;

/** The request's query parameters are not a report query; the message names every problem. */
public class BadQueryException extends RuntimeException {

    public BadQueryException(String message) {
        super(message);
    }
}
