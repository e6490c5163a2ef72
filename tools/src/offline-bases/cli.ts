/**
 * Offline base images: builds local stand-ins of the official base images the services' Dockerfiles
 * name, tagged `<mirror>/<official ref>`, for machines that cannot pull from a registry.
 *
 *   node tools/src/offline-bases/cli.ts ensure [--offline|--online|--auto] [--known] [--verbose] [--json] [ref...]
 *   node tools/src/offline-bases/cli.ts build  [--known] [--force] [--no-cache] [--verbose] [--json] [ref...]
 *   node tools/src/offline-bases/cli.ts list   [--known] [ref...]
 */
import { parseArgs } from 'node:util';
import { connectEngine, hostPlatform, platformsFromEnv, probePull, resolveCaBundle, type Platform } from '@polystage/docker';
import { OFFLINE_MIRROR, resolveMirror } from '@polystage/nx-docker';
import { buildStandIns, type BuildReport } from './build-stand-ins.ts';
import { collectDockerfileRefs, findServiceDockerfiles, mergeRequests, type RequestedRef } from './collect-refs.ts';
import { KNOWN_REFS } from './known-refs.ts';
import { chooseMirror, saveExplicitMode, type ExplicitMode } from './mode.ts';
import { planStandIns } from './plan.ts';
import { describeVersions } from './versions.ts';

const USAGE = `usage: cli.ts <ensure|build|list> [--known] [--force] [--verbose] [--json] [ref...]
  ensure  decide online/offline (BASE_IMAGE_MIRROR, an explicit choice, else a pull probe with retries,
          repeated on every run) and, offline, build the stand-ins the services' Dockerfiles need
          that are missing or stale
          --offline / --online save an explicit choice (no probing until --auto)
          BUILD_PLATFORMS=linux/amd64,linux/arm64 also builds the other platform's stand-ins of
          the bases that stages without --platform=$BUILDPLATFORM use (under qemu)
  build   build stand-ins for the given refs (default: the Dockerfiles' refs and the known list)
  list    show each ref, where it is asked for, its recipe and whether its stand-in is current
  --known adds the planned refs of tools/src/offline-bases/known-refs.ts
  --force rebuilds the named refs even when current; --no-cache also skips BuildKit's layer cache`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      known: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      online: { type: 'boolean', default: false },
      auto: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...refs] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
  const explicit = (['offline', 'online', 'auto'] as const).filter((mode) => values[mode]);
  if (explicit.length > 1 || (explicit.length === 1 && command !== 'ensure')) {
    console.error(`--offline, --online and --auto go alone, with ensure (\`npm run bases -- --offline\`).\n${USAGE}`);
    return 2;
  }
  if (explicit[0]) console.error(await saveExplicitMode(root, explicit[0] satisfies ExplicitMode));
  // `build ref...` builds just those (and what they are built FROM); bare `build` builds everything known.
  const requests =
    command === 'build' && refs.length > 0
      ? mergeRequests(refs.map((ref) => ({ ref, from: ['command line'] })), values.known ? knownRequests() : [])
      : await requestedRefs(root, refs, values.known || command === 'build');
  const engine = await connectEngine();

  if (command === 'ensure') {
    if (requests.length === 0) {
      console.error('offline bases: no services/*/Dockerfile names a *_IMAGE base and no ref was given; nothing to do.');
      return 0;
    }
    const choice = await chooseMirror(root, requests[0]!.ref, (ref) => probePull(engine, ref));
    if (choice.announcement) console.error(choice.announcement);
    if (!choice.mirror) return 0;
    const host = report(await build(root, requests, choice.mirror, values), values.json);
    // A run that asks for another platform (BUILD_PLATFORMS) gets that platform's stand-ins of the
    // bases its target-platform stages use; the cross-compiling stages run on the host's.
    const foreign = foreignPlatforms();
    const onTarget = foreign.length > 0 ? await collectDockerfileRefs(root, await findServiceDockerfiles(root), 'target-platform') : [];
    for (const platform of foreign) {
      console.error(`offline bases: ${platform} stand-ins for ${onTarget.map((request) => request.ref).join(', ')}`);
      report(await build(root, onTarget, choice.mirror, values, platform), values.json);
    }
    return host;
  }
  if (command === 'build') {
    const mirror = (await resolveMirror(root))?.mirror ?? OFFLINE_MIRROR;
    return report(await build(root, requests, mirror, values), values.json);
  }
  if (command === 'list') {
    const mirror = (await resolveMirror(root))?.mirror ?? OFFLINE_MIRROR;
    const plan = await planStandIns(requests, mirror, engine);
    for (const standIn of plan) {
      const from = standIn.from.length > 3 ? [...standIn.from.slice(0, 3), `${standIn.from.length - 3} more`] : standIn.from;
      const versions = standIn.resolved.promises.length > 0 && standIn.versions !== undefined ? `  (${describeVersions(standIn.versions)})` : '';
      console.log(`${standIn.state.padEnd(8)} ${standIn.tag}  [${standIn.resolved.recipe.family}]${versions}  <- ${from.join('; ')}`);
    }
    return 0;
  }
  console.error(`Unknown command "${command}".\n${USAGE}`);
  return 2;

  async function build(workspaceRoot: string, wanted: RequestedRef[], mirror: string, options: typeof values, platform: Platform = hostPlatform()): Promise<BuildReport> {
    void workspaceRoot;
    const plan = await planStandIns(wanted, mirror, engine, platform);
    const context = { engine, caBundle: resolveCaBundle(root), verbose: options.verbose ?? false, noCache: options['no-cache'] ?? false };
    // --force rebuilds what was asked for, not the stand-ins those are built FROM.
    const forced = new Set(options.force ? wanted.map((request) => request.ref) : []);
    return buildStandIns(plan, mirror, context, { force: (ref) => forced.has(ref) });
  }
}

/** The platforms BUILD_PLATFORMS names besides the host's. */
function foreignPlatforms(): Platform[] {
  return (platformsFromEnv() ?? []).filter((platform) => platform !== hostPlatform());
}

async function requestedRefs(root: string, refs: string[], includeKnown: boolean): Promise<RequestedRef[]> {
  const fromDockerfiles = await collectDockerfileRefs(root, await findServiceDockerfiles(root));
  const fromCommandLine = refs.map((ref) => ({ ref, from: ['command line'] }));
  return mergeRequests(fromDockerfiles, fromCommandLine, includeKnown ? knownRequests() : []);
}

function knownRequests(): RequestedRef[] {
  return KNOWN_REFS.map((ref) => ({ ref, from: ['known-refs.ts'] }));
}

function report(result: BuildReport, json: boolean | undefined): number {
  if (json) console.log(JSON.stringify(result));
  else if (result.built.length === 0) console.error(`offline bases: ${result.current.length} stand-ins current under ${result.mirror}/, nothing to build.`);
  else console.error(`offline bases: built ${result.built.length}, ${result.current.length} already current, in ${result.totalSeconds}s.`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
