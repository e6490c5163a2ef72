package dev.polystage.reports.summary;

/** REPORTS_MAX_CONCURRENT_SUMMARIES reports are being built already; the caller should retry later. */
public class BusyException extends RuntimeException {

    public BusyException(int running) {
        super(running + " summaries are being built (REPORTS_MAX_CONCURRENT_SUMMARIES); retry shortly");
    }
}
