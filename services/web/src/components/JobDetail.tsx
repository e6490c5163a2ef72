// One job: polled until it has finished, then its result (or error) is shown.
import type { Job, JobsApi } from '../api.ts';
import { ApiError, FINISHED } from '../api.ts';
import { usePolling } from '../hooks.ts';
import { formatTime } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';

export function JobDetail({ api, id, pollMs, onClose }: { api: JobsApi; id: string; pollMs: number; onClose: () => void }) {
  const { data: job, error } = usePolling(`job:${id}`, (signal) => api.getJob(id, signal), pollMs, (j: Job) => !FINISHED.has(j.status));

  return (
    <section className="panel job-detail" aria-labelledby="job-heading">
      <header className="panel-header">
        <h2 id="job-heading">
          Job <code>{id}</code>
        </h2>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      {error && (
        <p className="problem" role="alert">
          {error instanceof ApiError && error.status === 404 ? `No job with id ${id}.` : `Could not load the job: ${error.message}`}
        </p>
      )}
      {!job && !error && <p className="muted">loading…</p>}
      {job && <JobFacts job={job} />}
    </section>
  );
}

function JobFacts({ job }: { job: Job }) {
  return (
    <>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={job.status} />
        </dd>
        <dt>Kind</dt>
        <dd>{job.kind}</dd>
        <dt>Attempts</dt>
        <dd>{job.attempts}</dd>
        <dt>Created</dt>
        <dd>{formatTime(job.created_at)}</dd>
        <dt>Started</dt>
        <dd>{formatTime(job.started_at)}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(job.finished_at)}</dd>
        {job.worker_id && (
          <>
            <dt>Worker</dt>
            <dd>{job.worker_id}</dd>
          </>
        )}
      </dl>
      <h3>Input</h3>
      <pre className="input-text">{typeof job.input.text === 'string' ? job.input.text : JSON.stringify(job.input, null, 2)}</pre>
      {job.status === 'succeeded' && job.result && (
        <>
          <h3>Result</h3>
          <table className="result" aria-label="Result">
            <tbody>
              {Object.entries(job.result).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {job.status === 'failed' && (
        <>
          <h3>Error</h3>
          <p className="problem" role="alert">
            {job.error ?? 'The job failed without a message.'}
          </p>
        </>
      )}
      {!FINISHED.has(job.status) && <p className="muted">Waiting for a worker; this view refreshes by itself.</p>}
    </>
  );
}
