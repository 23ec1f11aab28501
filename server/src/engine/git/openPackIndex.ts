import * as fs from 'node:fs';
import * as path from 'node:path';

/** Buckets read one by one before the whole index is read (see openPackIndex). */
const wholeIndexAfterBuckets = 32;

/** PackIndexBucket is the part of a pack index for one first byte of the ids: names and offsets. */
export interface PackIndexBucket {
  count: number;
  names: Buffer;
  offsets: Buffer;
}

/** PackIndex reads a pack index (version 2) a bucket at a time. */
export interface PackIndex {
  bucket(firstByte: number): PackIndexBucket;
  offsetAt(bucket: PackIndexBucket, position: number): number;
  close(): void;
}

/**
 * openPackIndex opens a pack index (version 2 only) and reads its parts when a lookup needs
 * them: the fan-out table at once, then the names and offsets of the ids that start with one
 * byte (1/256 of the index) on the first lookup there. A fresh process that reads a few
 * objects (a history from the history cache reads none, or the few commits it lists) then reads
 * a few KiB instead of the whole file (3 MB for 100,000 objects, ≈ 10–20 ms to read here); one
 * that reads many (a walk without the cache) reads the rest at once after 32 buckets.
 */
export function openPackIndex(idxFile: string): PackIndex | undefined {
  let descriptor: number;
  try {
    descriptor = fs.openSync(idxFile, 'r');
  } catch {
    return undefined;
  }
  const readRange = (position: number, length: number): Buffer => {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const count = fs.readSync(descriptor, bytes, done, length - done, position + done);
      if (count === 0) throw new Error(`${path.basename(idxFile)}: truncated pack index`);
      done += count;
    }
    return bytes;
  };
  let header: Buffer;
  try {
    header = readRange(0, 8 + 256 * 4);
  } catch {
    fs.closeSync(descriptor);
    return undefined;
  }
  if (header.readUInt32BE(0) !== 0xff744f63 || header.readUInt32BE(4) !== 2) {
    fs.closeSync(descriptor);
    return undefined;
  }
  const fanout = (byte: number): number => (byte < 0 ? 0 : header.readUInt32BE(8 + byte * 4));
  const count = fanout(255);
  const namesStart = 8 + 256 * 4;
  const offsetsStart = namesStart + count * 20 + count * 4;
  const largeOffsetsStart = offsetsStart + count * 4;
  const buckets: PackIndexBucket[] = new Array(256);
  let loaded = 0;
  // The names and offsets tables whole, once many buckets were needed (a long walk): one read
  // then costs less than the rest of the buckets one by one.
  let whole: { names: Buffer; offsets: Buffer } | undefined;
  return {
    bucket(firstByte) {
      let bucket = buckets[firstByte];
      if (!bucket) {
        const first = fanout(firstByte - 1);
        const bucketCount = fanout(firstByte) - first;
        if (!whole && ++loaded > wholeIndexAfterBuckets) whole = { names: readRange(namesStart, count * 20), offsets: readRange(offsetsStart, count * 4) };
        bucket = whole
          ? { count: bucketCount, names: whole.names.subarray(first * 20, (first + bucketCount) * 20), offsets: whole.offsets.subarray(first * 4, (first + bucketCount) * 4) }
          : { count: bucketCount, names: readRange(namesStart + first * 20, bucketCount * 20), offsets: readRange(offsetsStart + first * 4, bucketCount * 4) };
        buckets[firstByte] = bucket;
      }
      return bucket;
    },
    offsetAt(bucket, position) {
      const value = bucket.offsets.readUInt32BE(position * 4);
      if ((value & 0x80000000) === 0) return value;
      const large = readRange(largeOffsetsStart + (value & 0x7fffffff) * 8, 8);
      return large.readUInt32BE(0) * 2 ** 32 + large.readUInt32BE(4);
    },
    close() {
      try {
        fs.closeSync(descriptor);
      } catch {
        // Already closed.
      }
    },
  };
}
