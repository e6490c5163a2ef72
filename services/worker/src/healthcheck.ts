// Docker HEALTHCHECK probe for a shell-free image: GET /healthz on the worker's own port.
// Exit 0 when it answers 2xx within 2 s, else 1.
const port = process.env['WORKER_PORT']?.trim() || '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
