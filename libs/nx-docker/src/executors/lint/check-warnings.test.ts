import { describe, expect, it } from 'vitest';
import { formatCheckWarning, parseCheckWarnings } from './check-warnings.ts';

// What `docker buildx build --check` (BuildKit v0.34) printed for a Dockerfile with two problems.
const OUTPUT = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s

Check complete, 2 warnings have been found!

WARNING: CopyIgnoredFile - https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/
Attempting to Copy file "ignored.txt" that is excluded by .dockerignore
Dockerfile:2
--------------------
   1 |     FROM scratch
   2 | >>> COPY ignored.txt /
--------------------

WARNING: StageNameCasing - https://docs.docker.com/go/dockerfile/rule/stage-name-casing/
Stage name 'Final' should be lowercase
Dockerfile:3
--------------------
   3 | >>> from scratch as Final
--------------------
`;

describe('parseCheckWarnings', () => {
  it('reads each warning: rule, docs link, message and line', () => {
    expect(parseCheckWarnings(OUTPUT)).toEqual([
      { rule: 'CopyIgnoredFile', url: 'https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/', message: 'Attempting to Copy file "ignored.txt" that is excluded by .dockerignore', line: 2 },
      { rule: 'StageNameCasing', url: 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/', message: "Stage name 'Final' should be lowercase", line: 3 },
    ]);
  });

  it('finds nothing in a clean check', () => {
    expect(parseCheckWarnings('#1 DONE 0.0s\n\nCheck complete, no warnings found.\n')).toEqual([]);
  });

  it('formats one line per warning, file and line first', () => {
    const [first] = parseCheckWarnings(OUTPUT);
    expect(formatCheckWarning('services/api/Dockerfile', first!)).toBe(
      'services/api/Dockerfile:2: CopyIgnoredFile: Attempting to Copy file "ignored.txt" that is excluded by .dockerignore (https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/)',
    );
  });
});
