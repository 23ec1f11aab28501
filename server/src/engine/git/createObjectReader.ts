import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createPackFileReader, defaultPackFileReaderOptions, type PackFileReader, type PackFileReaderOptions } from './createPackFileReader';
import { inflateZlib } from './inflateZlib';
import { openPackIndex } from './openPackIndex';

/** GitObjectType is the type of a stored object. */
export type GitObjectType = 'commit' | 'tree' | 'blob' | 'tag';

/** RawObject is an object's type and content (without git's "type size\0" header). */
export interface RawObject {
  type: GitObjectType;
  content: Buffer;
}

/** ObjectReader reads objects by id; undefined means "not found here" (the caller falls back). */
export interface ObjectReader {
  read(oid: string): RawObject | undefined;
  /** expand lists the ids (up to `limit`) that start with a hex prefix of at least 4 digits. */
  expand(prefix: string, limit?: number): string[];
  /** Closes the pack files. */
  close(): void;
}

/** ObjectReaderOptions bound the delta base cache and the pack windows (see createPackFileReader). */
export interface ObjectReaderOptions extends PackFileReaderOptions {
  /** Bytes of resolved delta bases kept, like git's core.deltaBaseCacheLimit. */
  deltaBaseCacheBytes: number;
}

export function defaultObjectReaderOptions(): ObjectReaderOptions {
  return { deltaBaseCacheBytes: 48 * 1024 * 1024, ...defaultPackFileReaderOptions() };
}

const typeNames: Record<number, GitObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const ofsDelta = 6;
/** Objects up to this size are inflated in JavaScript (see inflateZlib); native zlib is faster per byte beyond. */
const maxJsInflateBytes = 16 * 1024;
/**
 * Objects a process inflates with native zlib before the JavaScript inflater: until V8 has
 * compiled it, the inflater runs interpreted and costs more per object than a zlib call (a
 * history served by the history cache reads only the few commits it lists).
 */
const nativeInflatesFirst = 64;
let inflated = 0;
/** Bytes read for an object's header, enough for the whole of most commits and trees. */
const headerReadBytes = 4096;
const refDelta = 7;

/**
 * createObjectReader reads the objects of a git directory (pack index v2 + packs, then loose
 * objects) with Node's native zlib and positioned reads. History walks read thousands of
 * commits and trees; isomorphic-git's readObject costs, per object, a failed open of the loose
 * path, a readdir of objects/pack and a pure-JavaScript inflate, which made a cold 50-commit
 * history of a 20,000-commit repository take seconds (docs/git.md has the numbers). Everything
 * this reader does not understand (other index versions, alternates) returns undefined, and
 * the callers use isomorphic-git for it. Writes always go through isomorphic-git.
 */
export function createObjectReader(args: { gitdir: string; options?: Partial<ObjectReaderOptions> }): ObjectReader {
  const options = { ...defaultObjectReaderOptions(), ...args.options };
  const objectsDir = path.join(args.gitdir, 'objects');
  const packs = openPacks(path.join(objectsDir, 'pack'), options);
  // One key buffer for every lookup: a history walk reads thousands of objects. find() is done
  // with it before readAt(), which may read a base object (and reuse the key) re-entrantly.
  const key = Buffer.alloc(20);
  return {
    read(oid) {
      if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
      key.write(oid, 'hex');
      for (const pack of packs) {
        const offset = pack.find(key);
        if (offset !== undefined) return pack.readAt(offset, (base) => this.read(base));
      }
      return readLoose(objectsDir, oid);
    },
    expand(prefix, limit = 2) {
      const lower = prefix.toLowerCase();
      if (!/^[0-9a-f]{4,40}$/.test(lower)) return [];
      const found = new Set<string>();
      for (const pack of packs) for (const oid of pack.expand(lower, limit)) found.add(oid);
      try {
        for (const name of fs.readdirSync(path.join(objectsDir, lower.slice(0, 2)))) {
          const oid = lower.slice(0, 2) + name;
          if (oid.length === 40 && oid.startsWith(lower)) found.add(oid);
        }
      } catch {
        // No loose objects with that first byte.
      }
      return [...found].sort().slice(0, limit);
    },
    close() {
      for (const pack of packs) pack.close();
    },
  };
}

function readLoose(objectsDir: string, oid: string): RawObject | undefined {
  let deflated: Buffer;
  try {
    deflated = fs.readFileSync(path.join(objectsDir, oid.slice(0, 2), oid.slice(2)));
  } catch {
    return undefined;
  }
  const raw = zlib.inflateSync(deflated);
  const space = raw.indexOf(0x20);
  const nul = raw.indexOf(0, space);
  const type = raw.toString('latin1', 0, space) as GitObjectType;
  if (!['commit', 'tree', 'blob', 'tag'].includes(type)) return undefined;
  return { type, content: raw.subarray(nul + 1) };
}

interface Pack {
  find(oid: Buffer): number | undefined;
  expand(prefix: string, limit: number): string[];
  readAt(offset: number, readExternal: (oid: string) => RawObject | undefined): RawObject | undefined;
  close(): void;
}

function openPacks(packDir: string, options: ObjectReaderOptions): Pack[] {
  let names: string[];
  try {
    names = fs.readdirSync(packDir).filter((name) => name.endsWith('.idx'));
  } catch {
    return [];
  }
  const packs: Pack[] = [];
  for (const name of names) {
    const pack = openPack(path.join(packDir, name), path.join(packDir, name.replace(/\.idx$/, '.pack')), options);
    if (pack) packs.push(pack);
  }
  return packs;
}

function openPack(idxFile: string, packFile: string, options: ObjectReaderOptions): Pack | undefined {
  const index = openPackIndex(idxFile);
  if (!index) return undefined;
  let file: PackFileReader;
  try {
    file = createPackFileReader({ file: packFile, options });
  } catch {
    index.close();
    return undefined;
  }
  const cache = new DeltaBaseCache(options.deltaBaseCacheBytes);

  const find = (oid: Buffer): number | undefined => {
    const bucket = index.bucket(oid[0]);
    const { names } = bucket;
    let low = 0;
    let high = bucket.count;
    // The first four bytes decide almost every step; the rest is compared byte by byte for ties
    // (Buffer.compare, a native call behind argument checks, was most of a cold lookup).
    const head = oid.readUInt32BE(0);
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = middle * 20;
      const name = ((names[at] << 24) | (names[at + 1] << 16) | (names[at + 2] << 8) | names[at + 3]) >>> 0;
      let order = name !== head ? (head < name ? -1 : 1) : 0;
      for (let byte = 4; order === 0 && byte < 20; byte++) order = oid[byte] - names[at + byte];
      if (order === 0) return index.offsetAt(bucket, middle);
      if (order < 0) high = middle;
      else low = middle + 1;
    }
    return undefined;
  };

  const expand = (prefix: string, limit: number): string[] => {
    // The names are sorted: find the first one not below the prefix, then take while they match.
    const low = Buffer.from(prefix.padEnd(40, '0'), 'hex');
    const bucket = index.bucket(low[0]);
    let start = 0;
    let end = bucket.count;
    while (start < end) {
      const middle = (start + end) >>> 1;
      if (bucket.names.compare(low, 0, 20, middle * 20, middle * 20 + 20) < 0) start = middle + 1;
      else end = middle;
    }
    const matches: string[] = [];
    for (let at = start; at < bucket.count && matches.length < limit; at++) {
      const name = bucket.names.toString('hex', at * 20, at * 20 + 20);
      if (!name.startsWith(prefix)) break;
      matches.push(name);
    }
    return matches;
  };

  /** Reads an object's header and its inflated data (the content, or a delta). */
  const readEntry = (offset: number): { type: number; data: Buffer; baseOffset?: number; baseOid?: string } => {
    // One read usually holds the header and the whole compressed object; big ones get a second.
    let chunk = file.bytes(offset, headerReadBytes);
    let position = 0;
    let byte = chunk[position++];
    const type = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      byte = chunk[position++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let baseOffset: number | undefined;
    let baseOid: string | undefined;
    if (type === ofsDelta) {
      byte = chunk[position++];
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        byte = chunk[position++];
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      baseOffset = offset - distance;
    } else if (type === refDelta) {
      baseOid = chunk.toString('hex', position, position + 20);
      position += 20;
    }
    // Deflate never grows data by more than a few bytes per 16 KiB block plus a small header,
    // so this much compressed input always holds the whole stream; zlib ignores what follows.
    const bound = size + (size >> 9) + 64;
    if (position + bound > chunk.length && chunk.length === headerReadBytes) {
      chunk = file.bytes(offset + position, bound);
      position = 0;
    }
    // Small objects (most deltas and trees) inflate faster in JavaScript than through a zlib
    // stream per call; large ones, and whatever inflateZlib does not verify, go to native zlib.
    // An output chunk of the known size (zlib defaults to 16 KiB) saves an allocation and a copy per object.
    const data = (size <= maxJsInflateBytes && ++inflated > nativeInflatesFirst ? inflateZlib(chunk, position, size) : undefined) ?? zlib.inflateSync(chunk.subarray(position), { chunkSize: Math.max(64, size + 1) });
    if (data.length !== size) throw new Error(`pack ${path.basename(packFile)}: object at ${offset} inflated to ${data.length} bytes, expected ${size}`);
    return { type, data, baseOffset, baseOid };
  };

  const readAt = (offset: number, readExternal: (oid: string) => RawObject | undefined): RawObject | undefined => {
    // Walk down the delta chain to a cached or whole object, then apply the deltas back up.
    const deltas: Array<{ offset: number; data: Buffer }> = [];
    let current = offset;
    let base: RawObject | undefined;
    for (;;) {
      const cached = cache.get(current);
      if (cached) {
        base = cached;
        break;
      }
      const entry = readEntry(current);
      if (entry.type === ofsDelta) {
        deltas.push({ offset: current, data: entry.data });
        current = entry.baseOffset!;
        continue;
      }
      if (entry.type === refDelta) {
        deltas.push({ offset: current, data: entry.data });
        const baseOffset = find(Buffer.from(entry.baseOid!, 'hex'));
        if (baseOffset !== undefined) {
          current = baseOffset;
          continue;
        }
        // A thin pack's base lives elsewhere (another pack or a loose object).
        base = readExternal(entry.baseOid!);
        if (!base) return undefined;
        break;
      }
      const typeName = typeNames[entry.type];
      if (!typeName) return undefined;
      base = { type: typeName, content: entry.data };
      cache.set(current, base);
      break;
    }
    for (let index = deltas.length - 1; index >= 0; index--) {
      base = { type: base.type, content: applyDelta(deltas[index].data, base.content) };
      // Every result may be the base of the next object read: walking history newest first
      // reads each tree version right after the newer one it is usually deltified against.
      cache.set(deltas[index].offset, base);
    }
    return base;
  };

  return {
    find,
    expand,
    readAt,
    close: () => {
      file.close();
      index.close();
    },
  };
}

/** applyDelta rebuilds an object from its base and a git delta (copy and insert instructions). */
export function applyDelta(delta: Buffer, base: Buffer): Buffer {
  let position = 0;
  const readSize = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[position++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const baseSize = readSize();
  if (baseSize !== base.length) throw new Error(`delta expects a base of ${baseSize} bytes, got ${base.length}`);
  const resultSize = readSize();
  const result = Buffer.allocUnsafe(resultSize);
  let written = 0;
  while (position < delta.length) {
    const op = delta[position++];
    if (op & 0x80) {
      let copyOffset = 0;
      let copySize = 0;
      if (op & 0x01) copyOffset |= delta[position++];
      if (op & 0x02) copyOffset |= delta[position++] << 8;
      if (op & 0x04) copyOffset |= delta[position++] << 16;
      if (op & 0x08) copyOffset = (copyOffset + delta[position++] * 2 ** 24);
      if (op & 0x10) copySize |= delta[position++];
      if (op & 0x20) copySize |= delta[position++] << 8;
      if (op & 0x40) copySize |= delta[position++] << 16;
      if (copySize === 0) copySize = 0x10000;
      if (copyOffset + copySize > base.length || written + copySize > resultSize) throw new Error('delta copies past its base or its result');
      copyBytes(base, copyOffset, copySize, result, written);
      written += copySize;
    } else if (op > 0) {
      if (position + op > delta.length || written + op > resultSize) throw new Error('delta inserts past its end or its result');
      copyBytes(delta, position, op, result, written);
      written += op;
      position += op;
    } else {
      throw new Error('invalid delta instruction 0');
    }
  }
  if (written !== resultSize) throw new Error(`delta produced ${written} bytes, expected ${resultSize}`);
  return result;
}

/**
 * copyBytes copies a range: a loop for the short copies deltas are mostly made of (Buffer#copy
 * checks its arguments in JavaScript before the native call, several times the cost of the copy).
 */
function copyBytes(from: Buffer, start: number, length: number, to: Buffer, at: number): void {
  if (length > 64) {
    to.set(from.subarray(start, start + length), at);
    return;
  }
  for (let index = 0; index < length; index++) to[at + index] = from[start + index];
}

/** DeltaBaseCache keeps recently resolved objects by pack offset, bounded in bytes. */
class DeltaBaseCache {
  private entries = new Map<number, RawObject>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(offset: number): RawObject | undefined {
    const entry = this.entries.get(offset);
    if (entry) {
      // Re-insert to mark it most recently used.
      this.entries.delete(offset);
      this.entries.set(offset, entry);
    }
    return entry;
  }

  set(offset: number, object: RawObject): void {
    if (object.content.length > this.limit / 4 || this.entries.has(offset)) return;
    this.entries.set(offset, object);
    this.bytes += object.content.length;
    if (this.bytes <= this.limit) return;
    for (const [key, value] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(key);
      this.bytes -= value.content.length;
    }
  }
}
