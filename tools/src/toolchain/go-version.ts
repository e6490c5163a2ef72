/** Go release versions as `go env GOVERSION` and go.mod's `go` line write them. */

/** [major, minor, patch, prerelease rank]: go1.26rc1 < go1.26.0 < go1.26.8, as Go orders them. */
type Parsed = [number, number, number, number];

const RANK = { beta: 0, rc: 1, release: 2 } as const;

/** "go1.26.8", "1.26.8", "go1.27rc1", "devel go1.27-abc…" -> parsed; undefined when none is there. */
export function parseGoVersion(text: string): Parsed | undefined {
  const match = /(?:^|go)(\d+)\.(\d+)(?:\.(\d+))?(?:(beta|rc)(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  const [, major, minor, patch, pre] = match;
  return [Number(major), Number(minor), Number(patch ?? 0), RANK[(pre as 'beta' | 'rc' | undefined) ?? 'release']];
}

/** Negative when a is older than b, 0 when equal, positive when newer. Unparseable counts as oldest. */
export function compareGoVersions(a: string, b: string): number {
  const [pa, pb] = [parseGoVersion(a), parseGoVersion(b)];
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  }
  return 0;
}

/** The `go 1.x.y` directive of a go.mod; undefined when it has none (Go then assumes 1.16). */
export function goModGoLine(goMod: string): string | undefined {
  return /^go\s+(\S+)\s*$/m.exec(goMod)?.[1];
}
