// The worker's own small HTTP surface: GET /healthz (the health path) and GET /metrics.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { METRICS_CONTENT_TYPE, type Metrics } from './metrics.ts';
import type { Worker } from './worker.ts';

export interface ServerDeps {
  worker: Pick<Worker, 'state' | 'apiStatus'>;
  metrics: Metrics;
  workerId: string;
}

/**
 * /healthz is liveness: 200 while the loop runs, whether or not the API answers (restarting the
 * worker would not bring the API back); `api` tells which (or that it refuses our token). 503 once draining after SIGTERM.
 */
export function createWorkerServer({ worker, metrics, workerId }: ServerDeps): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    const route = path === '/healthz' || path === '/metrics' ? path : undefined;
    if (!route) return sendJson(response, 404, { error: `no route for ${path}; try /healthz or /metrics` });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return sendJson(response, 405, { error: `${request.method} is not allowed on ${path}` });
    }
    if (route === '/metrics') return send(response, 200, METRICS_CONTENT_TYPE, metrics.render());
    const serving = worker.state === 'running';
    sendJson(response, serving ? 200 : 503, {
      status: serving ? 'ok' : worker.state,
      worker_id: workerId,
      api: worker.apiStatus,
      jobs_in_flight: metrics.inFlight,
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', JSON.stringify(body));
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
