// expectRequest against an in-process HTTP server: no engine needed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRequest, requestTimeoutMs } from './request.ts';

let server: http.Server;
let service: { image: string; baseUrl: string };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, contentType: req.headers['content-type'] ?? null, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service = { image: 'example:prod', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('expectRequest', () => {
  it('sends JSON bodies and passes when status and assertion hold', async () => {
    const response = await expectRequest(service, {
      method: 'POST',
      path: '/items',
      body: { name: 'x' },
      expectStatus: 201,
      assert: (res) => expect(res.json<{ body: string }>().body).toBe('{"name":"x"}'),
    });
    expect(response.json()).toMatchObject({ contentType: 'application/json' });
  });

  it('fails naming image, request, expected and actual status', async () => {
    await expect(expectRequest(service, { path: '/items', expectStatus: 404 })).rejects.toThrow(
      /^Image example:prod: GET \/items expected status 404 but got 200\. Body: \{"method":"GET"/,
    );
  });

  it('fails with the assertion message', async () => {
    await expect(
      expectRequest(service, {
        name: 'list items',
        path: '/items',
        expectStatus: 200,
        assert: () => {
          throw new Error('expected 3 items');
        },
      }),
    ).rejects.toThrow(/^Image example:prod: list items answered 200 but the response check failed: expected 3 items\./);
  });

  it('fails when nothing answers', async () => {
    await expect(expectRequest({ image: 'gone:prod', baseUrl: 'http://127.0.0.1:1' }, { path: '/', expectStatus: 200 })).rejects.toThrow(
      /^Image gone:prod: GET \/ got no response/,
    );
  });

  it("hands the assertion the service's emulation factor, 1 for a service that names none", async () => {
    const seen: number[] = [];
    const request = { path: '/items', expectStatus: 200, assert: (_: unknown, run: { emulationFactor: number }) => void seen.push(run.emulationFactor) };
    await expectRequest(service, request);
    await expectRequest({ ...service, emulationFactor: 10 }, request);
    expect(seen).toEqual([1, 10]);
  });
});

describe('requestTimeoutMs', () => {
  it('scales the request timeout (10 s by default) by the emulation factor', () => {
    expect(requestTimeoutMs({})).toBe(10_000);
    expect(requestTimeoutMs({}, 10)).toBe(100_000);
    expect(requestTimeoutMs({ timeoutMs: 90_000 }, 2)).toBe(180_000);
  });
});
