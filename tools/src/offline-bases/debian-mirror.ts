import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The Debian mirror debootstrap fetches from. Never written in the repo: it comes from
 * DEBIAN_MIRROR or from the host's own apt configuration, so each machine uses the mirror
 * (or proxy) it already trusts.
 */
export async function resolveDebianMirror(env: NodeJS.ProcessEnv = process.env, aptDir = '/etc/apt'): Promise<string> {
  const fromEnv = env['DEBIAN_MIRROR']?.trim();
  if (fromEnv) return fromEnv;
  const sources = await readAptSources(aptDir);
  const mirror = pickDebianMirror(sources);
  if (mirror) return mirror;
  throw new Error(
    `Found no Debian mirror in ${join(aptDir, 'sources.list')} or ${join(aptDir, 'sources.list.d')}/*.sources. ` +
      'Set DEBIAN_MIRROR to a Debian archive URI (the one your apt uses) and run again.',
  );
}

export interface AptSourceFile {
  path: string;
  text: string;
}

async function readAptSources(aptDir: string): Promise<AptSourceFile[]> {
  const files: AptSourceFile[] = [];
  const listDir = join(aptDir, 'sources.list.d');
  const names = await readdir(listDir).catch(() => [] as string[]);
  // deb822 files first: current Debian writes its mirror there.
  for (const name of names.filter((n) => n.endsWith('.sources')).sort()) files.push(await readSource(join(listDir, name)));
  for (const name of names.filter((n) => n.endsWith('.list')).sort()) files.push(await readSource(join(listDir, name)));
  const main = await readSource(join(aptDir, 'sources.list')).catch(() => undefined);
  if (main) files.push(main);
  return files;
}

async function readSource(path: string): Promise<AptSourceFile> {
  return { path, text: await readFile(path, 'utf8') };
}

/** First main-archive URI (not the security archive) among `URIs:` stanzas and `deb` lines. */
export function pickDebianMirror(files: readonly AptSourceFile[]): string | undefined {
  for (const file of files) {
    const uris = file.path.endsWith('.sources') ? deb822Uris(file.text) : oneLineUris(file.text);
    const archive = uris.find((uri) => !/security/i.test(uri));
    if (archive) return archive.replace(/\/+$/, '');
  }
  return undefined;
}

/** `URIs:` of enabled deb822 stanzas whose Types include `deb` and whose Suites are not security suites. */
export function deb822Uris(text: string): string[] {
  const uris: string[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    if (fields.get('enabled')?.toLowerCase() === 'no') continue;
    if (!(fields.get('types') ?? 'deb').split(/\s+/).includes('deb')) continue;
    if (/security/.test(fields.get('suites') ?? '')) continue;
    uris.push(...(fields.get('uris') ?? '').split(/\s+/).filter(Boolean));
  }
  return uris;
}

/** URIs of `deb [options] URI suite components` lines. */
export function oneLineUris(text: string): string[] {
  const uris: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match && !/security/.test(match[2]!)) uris.push(match[1]!);
  }
  return uris;
}
