import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './config.ts';

const respond = (status: number, body: string): typeof fetch => async () => new Response(body, { status });

describe('parseConfig', () => {
  it('accepts a path or an absolute URL and drops trailing slashes', () => {
    expect(parseConfig({ apiBaseUrl: '/api/' })).toEqual({ apiBaseUrl: '/api' });
    expect(parseConfig({ apiBaseUrl: 'https://jobs.example.com/v1' })).toEqual({ apiBaseUrl: 'https://jobs.example.com/v1' });
  });

  it.each([
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
    [{}, '"apiBaseUrl" must be a non-empty string'],
    [{ apiBaseUrl: '  ' }, '"apiBaseUrl" must be a non-empty string'],
    [{ apiBaseUrl: 'api' }, 'must be a path starting with "/" or an http(s) URL, not "api"'],
    [{ apiBaseUrl: 'javascript:alert(1)' }, 'must be a path starting with "/"'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseConfig(raw)).toThrow(message);
  });
});

describe('loadConfig', () => {
  it('fetches /config.json without the HTTP cache', async () => {
    const seen: Array<[string, RequestInit | undefined]> = [];
    const config = await loadConfig(async (input, init) => {
      seen.push([String(input), init]);
      return new Response('{"apiBaseUrl":"/api"}');
    });
    expect(config).toEqual({ apiBaseUrl: '/api' });
    expect(seen[0]?.[0]).toBe('/config.json');
    expect(seen[0]?.[1]?.cache).toBe('no-store');
  });

  it('names the status, a JSON error or an unreachable server', async () => {
    await expect(loadConfig(respond(404, 'nope'))).rejects.toThrow('Could not load /config.json: HTTP 404.');
    await expect(loadConfig(respond(200, '<html>'))).rejects.toThrow('/config.json is not valid JSON.');
    await expect(
      loadConfig(async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).rejects.toThrow(ConfigError);
  });
});
