/**
 * The worker credential every smoke run shares: the api accepts it (API_WORKER_TOKEN) and the
 * worker sends it (WORKER_API_TOKEN). A test value, at the services' 32-character minimum and
 * above; real deployments get theirs from `npm run setup` or their secret store.
 */
export const SMOKE_WORKER_TOKEN = 'smoke-worker-token-0123456789abcdef0123';

/** The Authorization header for the api's internal routes. */
export const workerAuthorization = { authorization: `Bearer ${SMOKE_WORKER_TOKEN}` } as const;
