// An in-memory stand-in for the jobs API behind `fetch`, answering like services/api does
// (paths under /api, 201 on create, 404 detail, 422 message, lists of summaries with
// input_preview and no input or result), for component tests.
import { INPUT_PREVIEW_CHARS, type Job, type JobPage, type JobSummary } from '../api.ts';

/** The api's list item for a job: its summary fields and the start of input.text. */
export function summaryOf(job: Job): JobSummary {
  const { id, kind, status, attempts, created_at, updated_at, started_at, finished_at } = job;
  const text = typeof job.input.text === 'string' ? job.input.text : JSON.stringify(job.input);
  const input_preview = text.length <= INPUT_PREVIEW_CHARS ? text : `${text.slice(0, INPUT_PREVIEW_CHARS - 1)}…`;
  return { id, kind, status, attempts, created_at, updated_at, started_at, finished_at, input_preview };
}

export interface FakeApi {
  fetch: typeof fetch;
  jobs: Job[];
  /** Every request as "METHOD path". */
  calls: string[];
  add(text: string, patch?: Partial<Job>): Job;
  /** Make the next requests fail like an unreachable network. */
  offline: boolean;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export function fakeApi(base = '/api'): FakeApi {
  let seq = 0;
  const api: FakeApi = {
    jobs: [],
    calls: [],
    offline: false,
    add(text, patch = {}) {
      seq += 1;
      const now = new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString();
      const job: Job = {
        id: `job-${String(seq).padStart(4, '0')}-0000-0000`,
        kind: 'text-stats',
        input: { text },
        status: 'pending',
        attempts: 0,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
        worker_id: null,
        lease_expires_at: null,
        result: null,
        error: null,
        ...patch,
      };
      api.jobs.unshift(job);
      return job;
    },
    fetch: async (input, init) => {
      const url = new URL(String(input), 'http://web.test');
      const method = init?.method ?? 'GET';
      api.calls.push(`${method} ${url.pathname}${url.search}`);
      if (api.offline) throw new TypeError('Failed to fetch');
      if (!url.pathname.startsWith(`${base}/jobs`)) return json(404, { detail: 'Not Found' });
      const path = url.pathname.slice(base.length);
      if (method === 'POST' && path === '/jobs') {
        const body = JSON.parse(String(init?.body)) as { input: { text: string } };
        if (body.input.text === '') {
          return json(422, { message: 'body.input.text: String should have at least 1 character', detail: [] });
        }
        return json(201, api.add(body.input.text));
      }
      if (method === 'GET' && path === '/jobs') {
        const limit = Number(url.searchParams.get('limit') ?? 20);
        const start = Number(url.searchParams.get('cursor') ?? 0);
        const items = api.jobs.slice(start, start + limit).map(summaryOf);
        const page: JobPage = { items, next_cursor: start + limit < api.jobs.length ? String(start + limit) : null };
        return json(200, page);
      }
      const id = /^\/jobs\/([^/]+)$/.exec(path)?.[1];
      const job = api.jobs.find((j) => j.id === id);
      if (method === 'GET' && id) return job ? json(200, job) : json(404, { detail: `job ${id} not found` });
      return json(405, { detail: 'Method Not Allowed' });
    },
  };
  return api;
}
