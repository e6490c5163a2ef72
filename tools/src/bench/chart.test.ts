import { describe, expect, it } from 'vitest';
import { sizeChart } from './chart.ts';

describe('sizeChart', () => {
  it('draws two bars per service scaled to the largest image, with their sizes', () => {
    const svg = sizeChart([
      { label: 'api', multiStage: 83_000_000, singleStage: 332_000_000 },
      { label: 'gateway', multiStage: 9_000_000, singleStage: 900_000_000 },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // The largest bar spans the plot width (720 - 90 - 110 = 520); the others scale to it.
    expect(svg).toContain('width="520.0" height="16" fill="#b0b7c3"');
    expect(svg).toContain('width="191.8" height="16" fill="#b0b7c3"');
    expect(svg).toContain('width="48.0" height="16" fill="#2f7d32"');
    expect(svg).toContain('>83.0 MB<');
    expect(svg).toContain('>900.0 MB<');
    expect(svg.match(/<rect [^>]*height="16"/g)).toHaveLength(4);
  });

  it('escapes labels', () => {
    expect(sizeChart([{ label: 'a<b', multiStage: 1, singleStage: 2 }])).toContain('a&lt;b');
  });
});
