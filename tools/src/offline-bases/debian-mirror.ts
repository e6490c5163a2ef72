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

/**
 * The security archive the stand-in's apt uses, as the official image's does: DEBIAN_SECURITY_MIRROR,
 * else the host's own security source, else `<archive>-security` beside a `…/debian` archive.
 */
export async function resolveDebianSecurityMirror(archive: string, env: NodeJS.ProcessEnv = process.env, aptDir = '/etc/apt'): Promise<string> {
  const fromEnv = env['DEBIAN_SECURITY_MIRROR']?.trim();
  if (fromEnv) return fromEnv;
  const fromHost = pickDebianMirror(await readAptSources(aptDir), 'security');
  if (fromHost) return fromHost;
  if (/\/debian$/.test(archive)) return `${archive}-security`;
  throw new Error(`Found no Debian security archive in ${aptDir} and cannot derive one from ${archive}. Set DEBIAN_SECURITY_MIRROR to the debian-security URI your apt uses and run again.`);
}

type ArchiveKind = 'archive' | 'security';

/** First URI of the main archive (or of the security archive) among `URIs:` stanzas and `deb` lines. */
export function pickDebianMirror(files: readonly AptSourceFile[], kind: ArchiveKind = 'archive'): string | undefined {
  for (const file of files) {
    const uris = file.path.endsWith('.sources') ? deb822Uris(file.text, kind) : oneLineUris(file.text, kind);
    // A security suite may be served from any URI (a proxy); a main-archive URI never says security.
    const found = kind === 'security' ? uris[0] : uris.find((uri) => !/security/i.test(uri));
    if (found) return found.replace(/\/+$/, '');
  }
  return undefined;
}

/** `URIs:` of enabled deb822 stanzas whose Types include `deb`, of security suites or of the others. */
export function deb822Uris(text: string, kind: ArchiveKind = 'archive'): string[] {
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
    if (/security/.test(fields.get('suites') ?? '') !== (kind === 'security')) continue;
    uris.push(...(fields.get('uris') ?? '').split(/\s+/).filter(Boolean));
  }
  return uris;
}

/** URIs of `deb [options] URI suite components` lines, of security suites or of the others. */
export function oneLineUris(text: string, kind: ArchiveKind = 'archive'): string[] {
  const uris: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match && /security/.test(match[2]!) === (kind === 'security')) uris.push(match[1]!);
  }
  return uris;
}
