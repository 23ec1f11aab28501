import * as fs from 'node:fs';
import * as os from 'node:os';
import * as zlib from 'node:zlib';

/**
 * The history cache file (`<gitdir>/gitops-workbench/history-cache`), version 1, in the
 * machine's (little-endian) byte order, sections 4-byte aligned:
 *
 *   header (40 bytes): "GWHC", version, rows, parents, slots, changes, paths, path bytes,
 *                      CRC-32 of everything after the header, description bytes
 *   times        float64 × rows          committer time (seconds) of each row's commit
 *   parentStart  uint32 × (rows + 1)     row r's parents are parents[parentStart[r] …]
 *   slotStart    uint32 × (rows + 1)     row r's change lists; 0 slots: not computed yet (a
 *                                        commit only queued), else one per parent (one against
 *                                        the empty tree for a root commit)
 *   changeStart  uint32 × (slots + 1)    slot s's changed paths are changes[changeStart[s] …]
 *   changes      uint32 × changes        path id | leafBit, or just tooManyChanges
 *   pathStart    uint32 × (paths + 1)    path p is pathBytes[pathStart[p] …], UTF-8
 *   describeStart uint32 × (rows + 1)    row r's description is descriptionBytes[describeStart[r] …]:
 *                                        empty, or subject NUL author NUL email NUL date, UTF-8
 *   oids         20 bytes × rows         sorted, the key
 *   parents      20 bytes × parents
 *   pathBytes
 *   descriptionBytes
 */
export const historyCacheFormat = {
  magic: 'GWHC',
  version: 1,
  headerBytes: 40,
  /** Set on a change whose entry is not a tree on one side at least (a file changed there). */
  leafBit: 0x80000000,
  /** A slot whose only change is this had too many changed paths to keep: compare the trees. */
  tooManyChanges: 0xffffffff,
} as const;

/** HistoryCacheFile is a validated cache file, its sections as views into the file's bytes. */
export interface HistoryCacheFile {
  data: Buffer;
  rows: number;
  times: Float64Array;
  parentStart: Uint32Array;
  slotStart: Uint32Array;
  changeStart: Uint32Array;
  changes: Uint32Array;
  /** The paths, decoded. */
  paths: string[];
  describeStart: Uint32Array;
  /** Byte offset of the descriptions in `data`. */
  descriptionsAt: number;
  /** Byte offsets of the oid and parent sections in `data`. */
  oidsAt: number;
  parentsAt: number;
  /** What the file was when read (to notice another process replacing it). */
  stamp: string;
}

/**
 * readHistoryCacheFile reads and checks a history cache file. Any problem — no file, another
 * version, a wrong size or checksum, an index out of range, a big-endian machine — gives
 * undefined: the cache is never needed for a correct answer, only for a fast one.
 */
export function readHistoryCacheFile(args: { file: string }): HistoryCacheFile | undefined {
  if (os.endianness() !== 'LE') return undefined;
  let data: Buffer;
  let stamp: string;
  try {
    const descriptor = fs.openSync(args.file, 'r');
    try {
      const stat = fs.fstatSync(descriptor);
      stamp = historyCacheStamp(stat);
      // Its own 8-aligned buffer (not from the pool, not zero-filled), so that the sections can
      // be typed-array views.
      data = Buffer.allocUnsafeSlow(stat.size);
      let read = 0;
      while (read < stat.size) {
        const count = fs.readSync(descriptor, data, read, stat.size - read, read);
        if (count === 0) return undefined;
        read += count;
      }
    } finally {
      fs.closeSync(descriptor);
    }
  } catch {
    return undefined;
  }
  return parseHistoryCacheFile({ data, stamp });
}

/** historyCacheStamp identifies one version of the file on disk. */
export function historyCacheStamp(stat: fs.Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

/** parseHistoryCacheFile checks a cache file's bytes (in a buffer of its own, 8-aligned) as readHistoryCacheFile does. */
export function parseHistoryCacheFile(args: { data: Buffer; stamp: string }): HistoryCacheFile | undefined {
  try {
    return parse(args.data, args.stamp);
  } catch {
    return undefined;
  }
}

function parse(data: Buffer, stamp: string): HistoryCacheFile | undefined {
  const { headerBytes } = historyCacheFormat;
  if (data.length < headerBytes || data.toString('latin1', 0, 4) !== historyCacheFormat.magic) return undefined;
  const header = new Uint32Array(data.buffer, data.byteOffset, headerBytes / 4);
  const [, version, rows, parentTotal, slotTotal, changeTotal, pathCount, pathByteCount, checksum, descriptionByteCount] = header;
  if (version !== historyCacheFormat.version) return undefined;
  const size = historyCacheFileSize({ rows, parents: parentTotal, slots: slotTotal, changes: changeTotal, paths: pathCount, pathBytes: pathByteCount, descriptionBytes: descriptionByteCount });
  if (size !== data.length) return undefined;
  if (crc32(data.subarray(headerBytes)) !== checksum) return undefined;

  let at = data.byteOffset + headerBytes;
  const take32 = (count: number): Uint32Array => {
    const view = new Uint32Array(data.buffer, at, count);
    at += count * 4;
    return view;
  };
  const times = new Float64Array(data.buffer, at, rows);
  at += rows * 8;
  const parentStart = take32(rows + 1);
  const slotStart = take32(rows + 1);
  const changeStart = take32(slotTotal + 1);
  const changes = take32(changeTotal);
  const pathStart = take32(pathCount + 1);
  const describeStart = take32(rows + 1);
  const oidsAt = at - data.byteOffset;
  const parentsAt = oidsAt + rows * 20;
  const pathBytesAt = parentsAt + parentTotal * 20;
  const descriptionsAt = pathBytesAt + pathByteCount;

  // Every range in bounds, so that a bad file can only be ignored, never misread. What is
  // checked when used instead (a walk touches a few rows of a file that may hold every commit):
  // a row whose slots do not match its parents counts as not computed (HistoryCache), and a
  // path id out of range matches no path.
  if (!ascending(parentStart, parentTotal) || !ascending(slotStart, slotTotal) || !ascending(changeStart, changeTotal) || !ascending(pathStart, pathByteCount) || !ascending(describeStart, descriptionByteCount)) return undefined;
  const paths: string[] = new Array(pathCount);
  for (let index = 0; index < pathCount; index++) paths[index] = data.toString('utf8', pathBytesAt + pathStart[index], pathBytesAt + pathStart[index + 1]);
  return { data, rows, times, parentStart, slotStart, changeStart, changes, paths, describeStart, descriptionsAt, oidsAt, parentsAt, stamp };
}

/** historyCacheLowerBound is the first row of a cache file whose id is not below the key (20 bytes). */
export function historyCacheLowerBound(file: HistoryCacheFile, key: Uint8Array): number {
  const { data, oidsAt } = file;
  let low = 0;
  let high = file.rows;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = oidsAt + middle * 20;
    // Byte by byte: the first byte or two decide; Buffer#compare's argument checks cost more.
    let order = 0;
    for (let byte = 0; order === 0 && byte < 20; byte++) order = data[at + byte] - key[byte];
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** historyCacheRowIs says whether a row of a cache file has the id in `key` (20 bytes). */
export function historyCacheRowIs(file: HistoryCacheFile, row: number, key: Uint8Array): boolean {
  const at = file.oidsAt + row * 20;
  for (let byte = 0; byte < 20; byte++) if (file.data[at + byte] !== key[byte]) return false;
  return true;
}

/** historyCacheFileSize is the size of a file with these counts. */
export function historyCacheFileSize(counts: { rows: number; parents: number; slots: number; changes: number; paths: number; pathBytes: number; descriptionBytes: number }): number {
  return historyCacheFormat.headerBytes + counts.rows * 8 + (counts.rows + 1) * 12 + (counts.slots + 1) * 4 + counts.changes * 4 + (counts.paths + 1) * 4 + counts.rows * 20 + counts.parents * 20 + counts.pathBytes + counts.descriptionBytes;
}

function ascending(starts: Uint32Array, total: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== total) return false;
  for (let index = 1; index < starts.length; index++) if (starts[index] < starts[index - 1]) return false;
  return true;
}

let crcTable: Int32Array | undefined;

/** crc32 is zlib's CRC-32 (native from Node 20.15 / 22.2; a table otherwise). */
export function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(bytes) >>> 0;
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let index = 0; index < 256; index++) {
      let value = index;
      for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
      crcTable[index] = value;
    }
  }
  let crc = -1;
  for (let index = 0; index < bytes.length; index++) crc = crcTable[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
