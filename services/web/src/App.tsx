// The dashboard: new-job form, the polled job list and, at /jobs/<id>, one job's details.
import { useMemo } from 'react';
import { JobsApi } from './api.ts';
import { JobDetail } from './components/JobDetail.tsx';
import { JobForm } from './components/JobForm.tsx';
import { JobList, useJobPages } from './components/JobList.tsx';
import type { WebConfig } from './config.ts';
import { jobIdFromPath, usePathname } from './hooks.ts';

export interface AppProps {
  config: WebConfig;
  /** How often the list (and an unfinished job) is refreshed. */
  pollMs?: number;
  fetchFn?: typeof fetch;
}

export function App({ config, pollMs = 2000, fetchFn }: AppProps) {
  const api = useMemo(() => new JobsApi(config.apiBaseUrl, fetchFn), [config.apiBaseUrl, fetchFn]);
  const [pathname, navigate] = usePathname();
  const pages = useJobPages(api, pollMs);
  const selectedId = jobIdFromPath(pathname);

  return (
    <>
      <header className="top">
        <h1>
          <a
            href="/"
            onClick={(event) => {
              event.preventDefault();
              navigate('/');
            }}
          >
            polystage jobs
          </a>
        </h1>
        <span className="muted">
          API <code>{api.baseUrl}</code>
        </span>
      </header>
      <main>
        <JobForm
          api={api}
          onCreated={(job) => {
            pages.refresh();
            navigate(`/jobs/${encodeURIComponent(job.id)}`);
          }}
        />
        {selectedId && <JobDetail key={selectedId} api={api} id={selectedId} pollMs={pollMs} onClose={() => navigate('/')} />}
        <JobList pages={pages} selectedId={selectedId} onSelect={(id) => navigate(`/jobs/${encodeURIComponent(id)}`)} />
      </main>
    </>
  );
}
