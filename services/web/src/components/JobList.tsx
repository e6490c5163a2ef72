// The jobs table, newest first, refreshed every `pollMs`. Paging follows the API's opaque
// cursors: "Older" pushes the page's next_cursor, "Newer" pops back. Rows are the API's
// summaries: the text column is its `input_preview` (the full input is only in the detail view).
import { useState } from 'react';
import { INPUT_PREVIEW_CHARS, type JobPage, type JobsApi } from '../api.ts';
import type { Polled } from '../hooks.ts';
import { usePolling } from '../hooks.ts';
import { formatTime, preview, shortId } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';

export const PAGE_SIZE = 20;

export function useJobPages(api: JobsApi, pollMs: number): Polled<JobPage> & { older(): void; newer(): void; onFirstPage: boolean } {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const polled = usePolling(`jobs:${cursor ?? ''}`, (signal) => api.listJobs({ limit: PAGE_SIZE, cursor, signal }), pollMs);
  const next = polled.data?.next_cursor;
  return {
    ...polled,
    onFirstPage: cursors.length === 0,
    older: () => next && setCursors((stack) => [...stack, next]),
    newer: () => setCursors((stack) => stack.slice(0, -1)),
  };
}

export function JobList({
  pages,
  selectedId,
  onSelect,
}: {
  pages: ReturnType<typeof useJobPages>;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { data, error, updatedAt } = pages;
  return (
    <section className="panel job-list" aria-labelledby="jobs-heading">
      <header className="panel-header">
        <h2 id="jobs-heading">Jobs</h2>
        <span className="muted" aria-live="polite">
          {updatedAt ? `updated ${updatedAt.toLocaleTimeString('en-GB')}` : 'loading…'}
        </span>
      </header>
      {error && (
        <p className="problem" role="alert">
          Could not refresh the jobs: {error.message}
        </p>
      )}
      {data && data.items.length === 0 && <p className="muted">No jobs yet: submit one above.</p>}
      {data && data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Text</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((job) => (
              <tr key={job.id} className={job.id === selectedId ? 'selected' : undefined}>
                <td>
                  <a
                    href={`/jobs/${encodeURIComponent(job.id)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onSelect(job.id);
                    }}
                  >
                    <code>{shortId(job.id)}</code>
                  </a>
                </td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td className="text-preview">{preview(job.input_preview, INPUT_PREVIEW_CHARS)}</td>
                <td>{formatTime(job.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Job pages">
        <button type="button" onClick={pages.newer} disabled={pages.onFirstPage}>
          ← Newer
        </button>
        <button type="button" onClick={pages.older} disabled={!data?.next_cursor}>
          Older →
        </button>
      </nav>
    </section>
  );
}
