/**
 * docs/benchmarks.md holds `npm run bench`'s report plus sections other benches own (the registry
 * cache, load, the dev loop), each between its own markers. Every bench rewrites only its part, so
 * a run of one never drops the figures of another.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const start = (name: string) => `<!-- bench section: ${name} -->`;
const end = (name: string) => `<!-- end of bench section: ${name} -->`;
const SECTION = /<!-- bench section: ([a-z0-9-]+) -->\n[\s\S]*?<!-- end of bench section: \1 -->\n?/g;

/** The owned sections of a benchmarks file, whole (markers included), in order. */
export function ownedSections(text: string): string[] {
  return [...text.matchAll(SECTION)].map((match) => match[0].endsWith('\n') ? match[0] : `${match[0]}\n`);
}

/** `text` with section `name` replaced by `markdown`, or appended when the file has none yet. */
export function withSection(text: string, name: string, markdown: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bench section names are [a-z0-9-]+, got "${name}".`);
  const block = `${start(name)}\n${markdown.trim()}\n${end(name)}\n`;
  const existing = new RegExp(`${start(name)}\\n[\\s\\S]*?${end(name)}\\n?`);
  if (existing.test(text)) return text.replace(existing, () => block);
  return `${text.trimEnd()}\n\n${block}`;
}

/** The main report followed by the sections other benches own, kept from the current file. */
export function withOwnedSections(report: string, current: string): string {
  const kept = ownedSections(current);
  return kept.length === 0 ? report : `${report.trimEnd()}\n\n${kept.join('\n')}`;
}

/** Written whole or not at all: an interrupted run leaves the previous figures in place. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** Replaces (or appends) one section of the benchmarks file in place. */
export function writeSection(file: string, name: string, markdown: string): void {
  const current = (() => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '# Benchmarks\n';
    }
  })();
  writeAtomically(file, withSection(current, name, markdown));
}
