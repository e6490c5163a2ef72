// The jobs API as the dashboard uses it (see services/api/README.md). Every failure becomes an
// ApiError whose message is fit to show: the API's own 422 `message` or 404 `detail` when it sent one.

export type JobStatus = 'pending' | 'leased' | 'succeeded' | 'failed';

/** The fields a job and its list summary share. */
interface JobFields {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface Job extends JobFields {
  input: { text?: string } & Record<string, unknown>;
  worker_id: string | null;
  lease_expires_at: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

/** What a list carries (the api's JobSummaryView): no input, result or lease, so a page stays small. */
export interface JobSummary extends JobFields {
  /** At most INPUT_PREVIEW_CHARS: the start of `input.text`, cut with a trailing `…` when longer. */
  input_preview: string;
}

/** The api's cap on `input_preview`. */
export const INPUT_PREVIEW_CHARS = 80;

export interface JobPage {
  items: JobSummary[];
  next_cursor: string | null;
}

export const FINISHED: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed']);

export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class JobsApi {
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, fetchFn: typeof fetch = (input, init) => fetch(input, init)) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#fetch = fetchFn;
  }

  listJobs(options: { limit?: number; cursor?: string | null; signal?: AbortSignal } = {}): Promise<JobPage> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 20) });
    if (options.cursor) query.set('cursor', options.cursor);
    return this.#request<JobPage>(`/jobs?${query}`, { signal: options.signal });
  }

  getJob(id: string, signal?: AbortSignal): Promise<Job> {
    return this.#request<Job>(`/jobs/${encodeURIComponent(id)}`, { signal });
  }

  createJob(text: string, signal?: AbortSignal): Promise<Job> {
    return this.#request<Job>('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text-stats', input: { text } }),
      signal,
    });
  }

  async #request<T>(path: string, init: RequestInit): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, `Cannot reach the API at ${this.baseUrl} (${(error as Error).message}).`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
    if (body === undefined) throw new ApiError(response.status, `The API answered ${path} with a body that is not JSON.`);
    return body as T;
  }
}

function errorMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const { message, detail } = body as { message?: unknown; detail?: unknown };
    if (typeof message === 'string' && message) return message;
    if (typeof detail === 'string' && detail) return detail;
  }
  if (status >= 500) return `The API failed (HTTP ${status}); try again shortly.`;
  return `The API refused the request (HTTP ${status}).`;
}
