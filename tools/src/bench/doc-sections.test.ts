import { describe, expect, it } from 'vitest';
import { ownedSections, withOwnedSections, withSection } from './doc-sections.ts';

const doc = '# Benchmarks\n\nmain figures\n';

describe('bench sections of docs/benchmarks.md', () => {
  it('appends a section once, then replaces only its own text', () => {
    const once = withSection(doc, 'load', '## Load\n\nold');
    const twice = withSection(withSection(once, 'dev-loop', '## Dev\n\nd'), 'load', '## Load\n\nnew');
    expect(twice).toBe(
      '# Benchmarks\n\nmain figures\n\n<!-- bench section: load -->\n## Load\n\nnew\n<!-- end of bench section: load -->\n\n' +
        '<!-- bench section: dev-loop -->\n## Dev\n\nd\n<!-- end of bench section: dev-loop -->\n',
    );
  });

  it('keeps every owned section when the main report is rewritten', () => {
    const current = withSection(withSection('# old report\n', 'registry-cache', 'cache'), 'load', 'load $& $1');
    const rewritten = withOwnedSections('# new report\n', current);
    expect(rewritten.startsWith('# new report\n')).toBe(true);
    expect(ownedSections(rewritten)).toEqual(ownedSections(current));
    expect(rewritten).toContain('load $& $1'); // replacement patterns in the text stay literal
  });

  it('refuses a section name that could break the markers', () => {
    expect(() => withSection(doc, 'Load figures', 'x')).toThrow('bench section names are [a-z0-9-]+, got "Load figures".');
  });
});
