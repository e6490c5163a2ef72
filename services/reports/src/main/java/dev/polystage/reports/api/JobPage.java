package dev.polystage.reports.api;

import java.util.List;

/** One page of the api's GET /jobs (job summaries), newest first; nextCursor is null on the last page. */
public record JobPage(List<ApiJob> items, String nextCursor) {

    public JobPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
