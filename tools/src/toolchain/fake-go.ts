/** A stand-in `go` for the toolchain's unit tests: no Go, no network. */
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Run, RunOptions } from './run.ts';

export interface FakeGo {
  /** `go env GOVERSION`; undefined: no go anywhere. */
  version?: string;
  /** The go line of the downloaded module's go.mod. */
  goLine?: string;
  buildFails?: boolean;
  /** Under GOTOOLCHAIN=<release>: 'answers' (Go >= 1.21 fetches it; the default), 'fails' (not on the proxy), 'ignored' (Go < 1.21). */
  toolchain?: 'answers' | 'fails' | 'ignored';
}

export interface FakeGoCall {
  file: string;
  args: readonly string[];
  options?: RunOptions;
}

/** Answers env and mod download (the "module" is `modDir`), and "builds" by writing one file per package. */
export function fakeGo(fake: FakeGo, modDir: string): { run: Run; calls: FakeGoCall[] } {
  const calls: FakeGoCall[] = [];
  const run: Run = async (file, args, options) => {
    calls.push({ file, args, options });
    const ok = (stdout: string) => ({ notFound: false, exitCode: 0, stdout, stderr: '' });
    if (fake.version === undefined) return { notFound: true, exitCode: 1, stdout: '', stderr: '' };
    const release = options?.env?.['GOTOOLCHAIN'];
    if (args[0] === 'env' && release && release !== 'local' && fake.toolchain !== 'ignored') {
      if (fake.toolchain === 'fails') return { notFound: false, exitCode: 1, stdout: '', stderr: `go: downloading ${release} (linux/amd64)\ngo: download ${release}: 403 Forbidden` };
      return ok(`${release}\n`);
    }
    if (args[0] === 'env') return ok(`${fake.version}\n`);
    if (args[0] === 'mod') {
      await writeFile(join(modDir, 'go.mod'), `module x\n\ngo ${fake.goLine ?? '1.26.8'}\n`);
      return ok(JSON.stringify({ Dir: modDir, GoMod: join(modDir, 'go.mod') }));
    }
    if (fake.buildFails) {
      const stderr = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
      return { notFound: false, exitCode: 1, stdout: '', stderr };
    }
    const out = args[args.indexOf('-o') + 1]!;
    for (const pkg of args.slice(args.indexOf('-o') + 2)) await writeFile(join(out, basename(pkg)), `built ${pkg}`);
    return ok('');
  };
  return { run, calls };
}
