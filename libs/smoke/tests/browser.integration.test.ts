// launchChromium against a page served from this process: rendering, error collection,
// screenshots and cleanup of the throwaway profile. Needs Debian's chromium (or CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, saveScreenshot, SMOKE_ARTIFACTS_DIR } from '../src/index.ts';
import type { LaunchedChromium } from '../src/index.ts';

const PAGE = `<!doctype html><title>fixture</title><h1>rendered by chromium</h1>
<script>document.querySelector('h1').dataset.ran = 'yes'; console.error('deliberate error');</script>`;

describe('launchChromium', () => {
  const server = createServer((request, response) => {
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else response.writeHead(404).end();
  });
  let baseUrl = '';
  let browser: LaunchedChromium | undefined;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    server.close();
  });

  it('renders a page, runs its script, reports its errors and saves a screenshot', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = collectPageErrors(page);

    await page.goto(`${baseUrl}/`);
    expect(await page.locator('h1').getAttribute('data-ran')).toBe('yes');
    expect(errors).toContain('console: deliberate error');

    const path = await saveScreenshot(page, 'smoke-kit', 'fixture');
    expect(path).toBe(`${SMOKE_ARTIFACTS_DIR}/smoke-kit/fixture.png`);
    expect((await readFile(path)).subarray(1, 4).toString()).toBe('PNG');
    await rm(`${SMOKE_ARTIFACTS_DIR}/smoke-kit`, { recursive: true, force: true });
  });

  it('starts each launch with a fresh profile and removes it on close', async () => {
    const first = await launchChromium();
    const second = await launchChromium();
    expect(first.userDataDir).not.toBe(second.userDataDir);
    expect(existsSync(first.userDataDir)).toBe(true);
    await first.close();
    await second.close();
    await first.close(); // twice is fine
    expect(existsSync(first.userDataDir)).toBe(false);
    expect(existsSync(second.userDataDir)).toBe(false);
  });

  it('treats the given plain-http origins as secure contexts, and only those', async () => {
    // Loopback is trustworthy anyway: ask over the machine's own non-loopback address.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((nic) => nic?.family === 'IPv4' && !nic.internal)?.address;
    expect(address, 'a non-loopback IPv4 address on this machine').toBeDefined();
    const origin = `http://${address}:${(server.address() as AddressInfo).port}`;
    const isSecureContext = async (launched: LaunchedChromium): Promise<boolean> => {
      const page = await launched.newPage();
      await page.goto(`${origin}/`);
      return page.evaluate<boolean>('window.isSecureContext');
    };
    const secure = await launchChromium({ secureOrigins: [`${origin}/any/path`] });
    const plain = await launchChromium();
    try {
      expect(await isSecureContext(secure)).toBe(true);
      expect(await isSecureContext(plain)).toBe(false);
    } finally {
      await secure.close();
      await plain.close();
    }
  });

  it('names the missing binary and the fix', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      'No Chromium at /nonexistent/chromium: install Debian\'s package (apt-get install chromium) or set CHROMIUM_PATH',
    );
  });
});
