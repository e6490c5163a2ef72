// Lists the entries of a tar stream (names, types, link targets) without keeping
// file contents: an exported image filesystem can be hundreds of MB and we only
// need to know what exists. Understands ustar, PAX ('x') and GNU long names ('L'/'K'),
// which is what `docker export` (Go's archive/tar) produces.

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Absolute path inside the archive, normalised: "/usr/bin/sh", never a trailing slash. */
  path: string;
  type: TarEntryType;
  /** Link target as written in the archive (symlinks: relative or absolute; hardlinks: archive path). */
  linkTarget?: string;
  mode: number;
  size: number;
}

const BLOCK = 512;

export function normaliseArchivePath(name: string): string {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function readNumber(header: Buffer, offset: number, length: number): number {
  const field = header.subarray(offset, offset + length);
  // GNU base-256 encoding for values that do not fit in octal (files over 8 GiB).
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = readString(header, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function parsePaxRecords(data: Buffer): Map<string, string> {
  // Records look like "<length> <key>=<value>\n", length counting the whole record.
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(data.subarray(at, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals !== -1) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Reads every entry header of a tar stream; file data is skipped, not buffered. */
export async function readTarEntries(stream: AsyncIterable<Buffer | Uint8Array | string>): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  let pending = Buffer.alloc(0); // bytes collected for the current header or metadata body
  let need = BLOCK; // bytes we want in `pending` before acting
  let skip = 0; // file data bytes (plus padding) to discard
  let metadataKind: 'pax' | 'longname' | 'longlink' | 'ignore' | undefined;
  let paxPath: string | undefined;
  let paxLinkPath: string | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  let ended = false;
  let readingMetadata = false; // true while collecting a PAX / GNU long-name body

  const onHeader = (header: Buffer): void => {
    if (isZeroBlock(header)) {
      ended = true; // two zero blocks end the archive; one is enough to stop listing
      return;
    }
    const flag = String.fromCharCode(header[156]!);
    const size = readNumber(header, 124, 12);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x' || flag === 'L' || flag === 'K' || flag === 'g') {
      metadataKind = flag === 'x' ? 'pax' : flag === 'L' ? 'longname' : flag === 'K' ? 'longlink' : 'ignore';
      if (padded === 0) return;
      need = padded;
      readingMetadata = true;
      return;
    }
    const isUstar = readString(header, 257, 6).startsWith('ustar');
    const prefix = isUstar ? readString(header, 345, 155) : '';
    const rawName = readString(header, 0, 100);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    const rawLink = readString(header, 157, 100);
    const type = typeOf(flag);
    const entry: TarEntry = {
      path: normaliseArchivePath(name),
      type,
      mode: readNumber(header, 100, 8),
      size: type === 'file' ? size : 0,
    };
    const link = paxLinkPath ?? longLink ?? rawLink;
    if (type === 'symlink') entry.linkTarget = link;
    if (type === 'hardlink') entry.linkTarget = normaliseArchivePath(link);
    entries.push(entry);
    paxPath = paxLinkPath = longName = longLink = undefined;
    skip = type === 'file' || type === 'other' ? padded : 0;
  };

  const onMetadata = (body: Buffer): void => {
    const text = (): string => {
      const end = body.indexOf(0);
      return body.subarray(0, end === -1 ? body.length : end).toString('utf8');
    };
    if (metadataKind === 'pax') {
      const records = parsePaxRecords(body);
      paxPath = records.get('path') ?? paxPath;
      paxLinkPath = records.get('linkpath') ?? paxLinkPath;
    } else if (metadataKind === 'longname') longName = text();
    else if (metadataKind === 'longlink') longLink = text();
    metadataKind = undefined;
  };

  for await (const raw of stream) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    while (chunk.length > 0 && !ended) {
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.length);
        skip -= dropped;
        chunk = chunk.subarray(dropped);
        continue;
      }
      const take = Math.min(need - pending.length, chunk.length);
      pending = pending.length === 0 ? Buffer.from(chunk.subarray(0, take)) : Buffer.concat([pending, chunk.subarray(0, take)]);
      chunk = chunk.subarray(take);
      if (pending.length < need) continue;
      const complete = pending;
      pending = Buffer.alloc(0);
      if (readingMetadata) {
        readingMetadata = false;
        need = BLOCK;
        onMetadata(complete);
      } else {
        onHeader(complete);
      }
    }
    if (ended) break;
  }
  return entries;
}
