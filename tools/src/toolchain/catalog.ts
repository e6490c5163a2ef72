/**
 * Tools this repo builds from source with the machine's Go (or a pinned Go release, goToolchain),
 * from the Go module proxy, each pinned to one release. Built with the module's own go.mod and
 * go.sum (tools/src/toolchain/go-build.ts), so the dependencies are exactly the release's.
 */
export interface GoTool {
  name: string;
  module: string;
  version: string;
  /**
   * Packages (relative to the module root), the binary each becomes, and how it prints its version;
   * `reports`: what that output names when not the tag as is (goreleaser stamps 1.57.1 for v1.57.1).
   */
  binaries: ReadonlyArray<{ package: string; binary: string; versionArgs: readonly string[]; reports?: string }>;
  /** What upstream's release build stamps in: `version` output names the pinned release. */
  ldflags: string;
  /** Build tags of upstream's release build (`go build -tags`). */
  tags?: readonly string[];
  /** Extra environment of the build. */
  env: Readonly<Record<string, string>>;
  /** The `go` line of the module's go.mod at this version: older Go refuses to build it. */
  minGo: string;
  /**
   * A Go release to build with instead of the machine's (`GOTOOLCHAIN=go1.26.10`: the go command
   * fetches it from the module proxy, checksum-verified), for a module whose go.mod asks for a
   * newer Go than the machine has. Pinned, never `auto`: the Go that builds is the one named here.
   */
  goToolchain?: string;
  why: string;
}

// CGO_ENABLED=0 as in upstream's release Dockerfiles: static binaries, and no C compiler needed.
const STATIC = { CGO_ENABLED: '0' } as const;

export const GO_TOOLS = {
  buildx: {
    name: 'buildx',
    module: 'github.com/docker/buildx',
    version: 'v0.38.2',
    binaries: [{ package: './cmd/buildx', binary: 'docker-buildx', versionArgs: ['version'] }],
    ldflags: '-s -w -X github.com/docker/buildx/version.Version={version} -X github.com/docker/buildx/version.Package=github.com/docker/buildx',
    env: STATIC,
    minGo: '1.26.8',
    why: 'the docker CLI plugin every image build goes through (`docker buildx build`)',
  },
  buildkit: {
    name: 'buildkit',
    module: 'github.com/moby/buildkit',
    version: 'v0.34.2',
    binaries: [
      { package: './cmd/buildkitd', binary: 'buildkitd', versionArgs: ['--version'] },
      { package: './cmd/buildctl', binary: 'buildctl', versionArgs: ['--version'] },
    ],
    ldflags: '-s -w -X github.com/moby/buildkit/version.Version={version}',
    env: STATIC,
    minGo: '1.26.8',
    why: 'a BuildKit daemon of a known version, and its client',
  },
  registry: {
    name: 'registry',
    module: 'github.com/distribution/distribution/v3',
    version: 'v3.1.2',
    binaries: [{ package: './cmd/registry', binary: 'registry', versionArgs: ['--version'] }],
    ldflags: '-s -w -X github.com/distribution/distribution/v3/version.version={version}',
    env: STATIC,
    minGo: '1.26.0',
    // Not Debian's docker-registry package: installing it enables a system service on :5000.
    why: 'a real OCI registry on loopback: the BuildKit daemon pulls offline stand-ins from it, and publish tests push to it',
  },
  cosign: {
    name: 'cosign',
    module: 'github.com/sigstore/cosign/v2',
    version: 'v2.6.5',
    binaries: [{ package: './cmd/cosign', binary: 'cosign', versionArgs: ['version'] }],
    // As its Makefile's LDFLAGS (which .goreleaser.yml passes on), less gitCommit and buildDate: the proxy's zip has no git metadata.
    ldflags: '-s -w -X sigs.k8s.io/release-utils/version.gitVersion={version} -X sigs.k8s.io/release-utils/version.gitTreeState=clean',
    env: STATIC,
    minGo: '1.25.0',
    why: 'signs and verifies pushed images and their attestations (sigstore)',
  },
  syft: {
    name: 'syft',
    module: 'github.com/anchore/syft',
    version: 'v1.57.1',
    // goreleaser's {{.Version}} drops the v: `syft version` says "Version: 1.57.1", as the release binary does.
    binaries: [{ package: './cmd/syft', binary: 'syft', versionArgs: ['version'], reports: '{bareVersion}' }],
    ldflags: '-s -w -X main.version={bareVersion} -X main.gitDescription={version}',
    // As .goreleaser.yaml's linux build: pure-Go OpenPGP instead of gpgme (cgo), no btrfs graph driver (cgo).
    tags: ['containers_image_openpgp', 'exclude_graphdriver_btrfs'],
    env: STATIC,
    minGo: '1.26.8',
    why: 'SBOMs of built images',
  },
  // Not v5.7.x yet: it needs github.com/docker/secrets-engine, whose module zips the module proxy
  // answers with 403 "not available" (2026-11), so it cannot be built from the proxy.
  compose: {
    name: 'compose',
    module: 'github.com/docker/compose/v5',
    version: 'v5.6.0',
    // As its Makefile's build (GO_LDFLAGS, -trimpath); its default e2e tag only selects test files.
    binaries: [{ package: './cmd', binary: 'docker-compose', versionArgs: ['version'] }],
    ldflags: '-w -X github.com/docker/compose/v5/internal.Version={version}',
    env: STATIC,
    minGo: '1.26.8',
    // One Go on every machine, whatever go it has (v5.7 asks for 1.26.10; the others build with 1.26.8).
    goToolchain: 'go1.26.10',
    // Debian 12 ships only compose v1 (docker-compose, Python), which is no docker CLI plugin.
    why: 'the docker CLI plugin that runs compose.yaml (`docker compose`)',
  },
} as const satisfies Record<string, GoTool>;

export type GoToolName = keyof typeof GO_TOOLS;

/**
 * `{version}` (v1.2.3) and `{bareVersion}` (1.2.3) in ldflags and version checks, so a version
 * bump (Renovate's, by the `version:` line) is one edit and the stamp and the check follow it.
 */
export function withVersion(tool: Pick<GoTool, 'version'>, text: string): string {
  return text.replaceAll('{version}', tool.version).replaceAll('{bareVersion}', tool.version.replace(/^v/, ''));
}

/** The docker CLI's rule: a plugin is a `docker-<command>` binary; the command, or undefined for other binaries. */
export function dockerPluginCommand(binary: string): string | undefined {
  return /^docker-([a-z][a-z0-9]*)$/.exec(binary)?.[1];
}

export function isGoToolName(name: string): name is GoToolName {
  return Object.hasOwn(GO_TOOLS, name);
}
