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
        '| project | image | size (MB, uncompressed) | layers | revision | bases |',
        '| --- | --- | ---: | ---: | --- | --- |',
        '| api | `api:prod` | 83.0 | 9 | - | official |',
        '| gateway | `gateway:prod` | 9.0 | 4 | abcdef0 | official |',
        '',
        'Total: 92.0 MB in 2 image(s).',
        '',
      ].join('\n'),
    );
  });

  it('marks images built on stand-in bases in a column and names them under the total', () => {
    const table = imageSizeTable([
      { project: 'gateway', image: 'gateway:prod', bytes: 8_970_000, layers: 4, standInBases: 'polystage.local' },
      { project: 'api', image: 'api:prod', bytes: 83_040_000, layers: 9, standInBases: 'polystage.local' },
      { project: 'web', image: 'web:prod', bytes: 20_000_000, layers: 5 },
    ]);
    expect(table.split('\n')).toEqual([
      '### Prod images',
      '',
      '| project | image | size (MB, uncompressed) | layers | revision | bases |',
      '| --- | --- | ---: | ---: | --- | --- |',
      '| api | `api:prod` | 83.0 | 9 | - | stand-ins (`polystage.local`) |',
      '| web | `web:prod` | 20.0 | 5 | - | official |',
      '| gateway | `gateway:prod` | 9.0 | 4 | - | stand-ins (`polystage.local`) |',
      '',
      'Total: 112.0 MB in 3 image(s).',
      '',
      'Built on local stand-in bases, not the official images (sizes differ; not for publishing): api, gateway.',
      '',
    ]);
  });

  it('says so when nothing was built', () => {
    expect(imageSizeTable([])).toContain('No prod image was built in this run');
  });

  it('adds a platform column when an image was built for several platforms, one row each', () => {
    const table = imageSizeTable([
      { project: 'api', image: 'api:prod', bytes: 83_040_000, layers: 9, platform: 'linux/amd64' },
      { project: 'api', image: 'api:prod-linux-arm64', bytes: 85_100_000, layers: 9, platform: 'linux/arm64' },
      { project: 'gateway', image: 'gateway:prod', bytes: 8_970_000, layers: 4 },
    ]);
    expect(table.split('\n').slice(2, 7)).toEqual([
      '| project | image | platform | size (MB, uncompressed) | layers | revision | bases |',
      '| --- | --- | --- | ---: | ---: | --- | --- |',
      '| api | `api:prod-linux-arm64` | linux/arm64 | 85.1 | 9 | - | official |',
      '| api | `api:prod` | linux/amd64 | 83.0 | 9 | - | official |',
      '| gateway | `gateway:prod` | - | 9.0 | 4 | - | official |',
    ]);
  });
});
