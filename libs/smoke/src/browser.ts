// A real browser for smoke tests: Debian's `chromium` package driven by playwright-core
// (no browser download; Playwright's own builds are not used). Each launch gets a fresh
// user-data-dir that close() removes, and the flags a container-less CI host needs.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keep a
 * headless run from calling home (updates, sync, component downloads) or probing a GPU.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots and other browser artifacts go: <workspace>/dist/smoke-artifacts/<project>/ (gitignored). */
export const SMOKE_ARTIFACTS_DIR = fileURLToPath(new URL('../../../dist/smoke-artifacts', import.meta.url));

export interface LaunchChromiumOptions {
  /** Default: $CHROMIUM_PATH, else /usr/bin/chromium. */
  executablePath?: string;
  viewport?: { width: number; height: number };
  /**
   * Plain-http origins to treat as secure (https), e.g. a container's mapped port on a
   * non-localhost address: headers that need a trustworthy origin (Cross-Origin-Opener-Policy)
   * then apply as they will behind TLS, instead of a console error.
   */
  secureOrigins?: string[];
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** The throwaway profile folder (removed by close()). */
  userDataDir: string;
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its user-data-dir; safe to call twice. */
  close(): Promise<void>;
}

export function chromiumPath(options: LaunchChromiumOptions = {}): string {
  return options.executablePath ?? (process.env['CHROMIUM_PATH'] || DEFAULT_CHROMIUM_PATH);
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  const executablePath = chromiumPath(options);
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'polystage-chromium-'));
  const removeProfile = () => rm(userDataDir, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...secureOriginArgs(options.secureOrigins)],
      viewport: options.viewport ?? { width: 1280, height: 900 },
    });
  } catch (error) {
    await removeProfile();
    throw new Error(`Chromium (${executablePath}) did not start: ${(error as Error).message}`);
  }
  let closed = false;
  return {
    context,
    userDataDir,
    newPage: () => context.newPage(),
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      await removeProfile();
    },
  };
}

function secureOriginArgs(origins: readonly string[] = []): string[] {
  return origins.length === 0 ? [] : [`--unsafely-treat-insecure-origin-as-secure=${origins.map((o) => new URL(o).origin).join(',')}`];
}

/**
 * Collects what a page reports as broken: uncaught exceptions, console errors (CSP
 * violations among them) and failed requests. Attach before navigating.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  return errors;
}

/** Saves a full-page PNG as dist/smoke-artifacts/<project>/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, project: string, name: string): Promise<string> {
  const dir = join(SMOKE_ARTIFACTS_DIR, project);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
