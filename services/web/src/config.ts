// Runtime configuration: fetched from /config.json when the page loads, so one image serves
// any deployment. The image ships {"apiBaseUrl":"/api"} (same origin, routed by the gateway);
// a deployment mounts its own file over it (see README). Nothing here is fixed at build time.

export interface WebConfig {
  /** Where the jobs API lives, without a trailing slash: a path ("/api") or an absolute URL. */
  apiBaseUrl: string;
}

export const CONFIG_PATH = '/config.json';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Checks the parsed file and normalises it; every problem is one readable sentence. */
export function parseConfig(raw: unknown): WebConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${CONFIG_PATH} must be a JSON object like {"apiBaseUrl": "/api"}.`);
  }
  const { apiBaseUrl } = raw as Record<string, unknown>;
  if (typeof apiBaseUrl !== 'string' || apiBaseUrl.trim() === '') {
    throw new ConfigError(`${CONFIG_PATH}: "apiBaseUrl" must be a non-empty string, e.g. "/api".`);
  }
  const base = apiBaseUrl.trim().replace(/\/+$/, '');
  if (!base.startsWith('/') && !/^https?:\/\//.test(base)) {
    throw new ConfigError(`${CONFIG_PATH}: "apiBaseUrl" must be a path starting with "/" or an http(s) URL, not "${apiBaseUrl}".`);
  }
  return { apiBaseUrl: base };
}

export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<WebConfig> {
  let response: Response;
  try {
    // no-store: a redeployed config must win over any cached copy.
    response = await fetchFn(CONFIG_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ConfigError(`Could not load ${CONFIG_PATH}: ${(error as Error).message}.`);
  }
  if (!response.ok) throw new ConfigError(`Could not load ${CONFIG_PATH}: HTTP ${response.status}.`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError(`${CONFIG_PATH} is not valid JSON.`);
  }
  return parseConfig(raw);
}
