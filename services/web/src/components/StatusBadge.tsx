import type { JobStatus } from '../api.ts';

export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
