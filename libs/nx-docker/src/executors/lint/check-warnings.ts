/**
 * BuildKit's `--check` output, reduced to one line per warning: `<file>:<line>: <Rule>: <message>
 * (<docs url>)`, the form editors and CI annotate. The plain-progress noise and the source excerpt
 * BuildKit prints under each warning are dropped; the line number says where to look.
 */
export interface CheckWarning {
  rule: string;
  url: string;
  message: string;
  line?: number;
}

const WARNING = /^WARNING: (\w+) - (\S+)\n(.*)\n(?:[^\n:]*:(\d+)\n)?/gm;

export function parseCheckWarnings(output: string): CheckWarning[] {
  return [...output.matchAll(WARNING)].map((match) => ({
    rule: match[1]!,
    url: match[2]!,
    message: match[3]!.trim(),
    ...(match[4] ? { line: Number(match[4]) } : {}),
  }));
}

export function formatCheckWarning(file: string, warning: CheckWarning): string {
  return `${file}${warning.line ? `:${warning.line}` : ''}: ${warning.rule}: ${warning.message} (${warning.url})`;
}
