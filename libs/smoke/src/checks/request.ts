import type { RunningService } from '../service.ts';

export interface SmokeRequest {
  /** Shown in test names and messages; defaults to "METHOD path". */
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with content-type application/json). */
  body?: unknown;
  expectStatus: number;
  /** Further checks on the response; throw (or use expect) to fail. A spec scales its own waits by `run.emulationFactor`. */
  assert?: (response: SmokeResponse, run: SmokeRequestRun) => void | Promise<void>;
  /** Default 10 000 ms; multiplied by the service's emulationFactor. */
  timeoutMs?: number;
}

/** How the service that answered runs: 1 natively, more under emulation (see SmokeTarget). */
export interface SmokeRequestRun {
  emulationFactor: number;
}

export interface SmokeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; throws a plain message when it is not JSON. */
  json<T = unknown>(): T;
}

export function requestLabel(request: SmokeRequest): string {
  return request.name ?? `${request.method ?? 'GET'} ${request.path}`;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** How long one request may go unanswered: its timeoutMs (default 10 s) times the emulation factor. */
export function requestTimeoutMs(request: Pick<SmokeRequest, 'timeoutMs'>, emulationFactor = 1): number {
  return (request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) * emulationFactor;
}

const excerpt = (text: string): string => (text.length > 500 ? `${text.slice(0, 500)}…` : text || '(empty)');

/** Sends one real request to the running service and checks status plus the spec's assertions. */
export async function expectRequest(
  service: Pick<RunningService, 'image' | 'baseUrl'> & Partial<Pick<RunningService, 'emulationFactor'>>,
  request: SmokeRequest,
): Promise<SmokeResponse> {
  const run: SmokeRequestRun = { emulationFactor: service.emulationFactor ?? 1 };
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
  }
  const label = requestLabel(request);
  let raw: Response;
  try {
    raw = await fetch(new URL(request.path, service.baseUrl), {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(requestTimeoutMs(request, run.emulationFactor)),
    });
  } catch (error) {
    throw new Error(`Image ${service.image}: ${label} got no response (${(error as Error).message}).`);
  }
  const text = await raw.text();
  const response: SmokeResponse = {
    status: raw.status,
    headers: raw.headers,
    text,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new Error(`the body is not JSON: ${excerpt(text)}`);
      }
    },
  };
  if (response.status !== request.expectStatus) {
    throw new Error(
      `Image ${service.image}: ${label} expected status ${request.expectStatus} but got ${response.status}. Body: ${excerpt(text)}`,
    );
  }
  if (request.assert) {
    try {
      await request.assert(response, run);
    } catch (error) {
      throw new Error(
        `Image ${service.image}: ${label} answered ${response.status} but the response check failed: ${(error as Error).message}. Body: ${excerpt(text)}`,
      );
    }
  }
  return response;
}
