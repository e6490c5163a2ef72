import { describe, expect, it } from 'vitest';
import { imageSizeTable } from './image-size-table.ts';

describe('imageSizeTable', () => {
  it('lists images largest first in decimal MB with layers, short revision and a total', () => {
    const table = imageSizeTable([
      { project: 'gateway', image: 'gateway:prod', bytes: 8_970_000, layers: 4, revision: 'abcdef0123456789' },
      { project: 'api', image: 'api:prod', bytes: 83_040_000, layers: 9 },
    ]);
    expect(table).toBe(
      [
        '### Prod images',
        '',
        '| project | image | size (MB, uncompressed) | layers | revision |',
        '| --- | --- | ---: | ---: | --- |',
        '| api | `api:prod` | 83.0 | 9 | - |',
        '| gateway | `gateway:prod` | 9.0 | 4 | abcdef0 |',
        '',
        'Total: 92.0 MB in 2 image(s).',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing was built', () => {
    expect(imageSizeTable([])).toContain('No prod image was built in this run');
  });
});
