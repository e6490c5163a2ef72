import { describe, expect, it } from 'vitest';
import { normaliseArchivePath, readTarEntries } from './tar-entries.ts';

// Minimal tar writer for the tests: just enough of ustar/PAX/GNU to exercise the reader.
function header(name: string, flag: string, size: number, link = '', ustar = true): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write(size.toString(8).padStart(11, '0') + '\0', 124);
  block.write(flag, 156);
  block.write(link, 157, 100, 'utf8');
  if (ustar) block.write('ustar\x0000', 257);
  block.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return block;
}

function body(content: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return padded;
}

function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = rest.length + 1;
  while (String(length).length + rest.length !== length) length = String(length).length + rest.length;
  return `${length}${rest}`;
}

async function* chunks(archive: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < archive.length; at += size) yield archive.subarray(at, at + size);
}

const longPath = 'usr/lib/' + 'very-long-directory-name/'.repeat(6) + 'file.txt';

const archive = Buffer.concat([
  header('./', '5', 0),
  header('./usr/bin/', '5', 0),
  header('./usr/bin/dash', '0', 1000),
  body(Buffer.alloc(1000, 1)),
  header('./usr/bin/sh', '2', 0, 'dash'),
  header('./bin', '2', 0, 'usr/bin'),
  header('./usr/bin/dash-copy', '1', 0, './usr/bin/dash'),
  header('PaxHeaders/x', 'x', Buffer.byteLength(paxRecord('path', longPath))),
  body(Buffer.from(paxRecord('path', longPath))),
  header('truncated-name', '0', 3),
  body(Buffer.from('abc')),
  header('././@LongLink', 'L', 600),
  body(Buffer.from('g'.repeat(599) + '\0')),
  header('gnu-truncated', '0', 0),
  Buffer.alloc(1024),
  Buffer.from('trailing garbage after the end marker is ignored'),
]);

describe('readTarEntries', () => {
  for (const chunkSize of [7, 512, 100_000]) {
    it(`lists entries, types, links and long names (chunks of ${chunkSize} bytes)`, async () => {
      const entries = await readTarEntries(chunks(archive, chunkSize));
      expect(entries.map((entry) => [entry.path, entry.type, entry.linkTarget])).toEqual([
        ['/', 'directory', undefined],
        ['/usr/bin', 'directory', undefined],
        ['/usr/bin/dash', 'file', undefined],
        ['/usr/bin/sh', 'symlink', 'dash'],
        ['/bin', 'symlink', 'usr/bin'],
        ['/usr/bin/dash-copy', 'hardlink', '/usr/bin/dash'],
        ['/' + longPath, 'file', undefined],
        ['/' + 'g'.repeat(599), 'file', undefined],
      ]);
      expect(entries[2]!.size).toBe(1000);
    });
  }
});

describe('normaliseArchivePath', () => {
  it('makes archive names absolute without dots or trailing slashes', () => {
    expect(normaliseArchivePath('./usr/bin/')).toBe('/usr/bin');
    expect(normaliseArchivePath('usr/../etc//passwd')).toBe('/etc/passwd');
    expect(normaliseArchivePath('./')).toBe('/');
  });
});
