/**
 * inflateZlib decompresses one zlib stream (RFC 1950 around RFC 1951 deflate) that starts at
 * `start` of `input` and must inflate to exactly `size` bytes, in plain JavaScript. It returns
 * undefined, never throws, for anything it does not fully verify (a bad header or code, a preset
 * dictionary, input ending early, another size, a wrong Adler-32 checksum): the caller then uses
 * Node's zlib, which gives the answer or the error it always gave.
 *
 * Why: a history walk inflates thousands of small objects (deltas of tens of bytes, trees of a
 * few KiB). Node's zlib.inflateSync builds a Transform stream and a native handle for each call,
 * about 25 µs before a byte is inflated, which was a third of a cold walk; this costs a few µs for
 * such objects. Large objects are left to native zlib, which is faster per byte.
 *
 * The decoder is the canonical-Huffman one of zlib's reference decoder "puff" (RFC 1951 §3.2):
 * codes are read a bit at a time and matched against the count of codes of each length.
 */
export function inflateZlib(input: Uint8Array, start: number, size: number): Buffer | undefined {
  if (start + 2 > input.length) return undefined;
  const cmf = input[start];
  const flg = input[start + 1];
  // Method 8 (deflate), window ≤ 32 KiB, header check, no preset dictionary.
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 0x20) !== 0) return undefined;
  state.input = input;
  state.position = start + 2;
  state.bitBuffer = 0;
  state.bitCount = 0;
  state.output = Buffer.allocUnsafe(size);
  state.written = 0;
  try {
    let last = 0;
    do {
      last = bits(1);
      const type = bits(2);
      let ok: boolean;
      if (type === 0) ok = stored();
      else if (type === 1) ok = codes(fixedTables());
      else if (type === 2) ok = dynamic();
      else ok = false;
      if (!ok) return undefined;
    } while (last === 0);
    if (state.written !== size) return undefined;
    // The Adler-32 of the output follows, byte-aligned, big-endian.
    state.bitBuffer = 0;
    state.bitCount = 0;
    const at = state.position;
    if (at + 4 > input.length) return undefined;
    const expected = ((input[at] << 24) | (input[at + 1] << 16) | (input[at + 2] << 8) | input[at + 3]) >>> 0;
    if (adler32(state.output) !== expected) return undefined;
    return state.output;
  } catch {
    // The input ended early (endOfInput), or anything unforeseen: native zlib decides.
    return undefined;
  } finally {
    state.input = empty;
    state.output = emptyBuffer;
  }
}

const empty: Uint8Array = new Uint8Array(0);
const emptyBuffer = Buffer.alloc(0);
const endOfInput = new Error('end of deflate input');

/** The decoder's state: module-level, because inflating is synchronous and not re-entrant. */
const state: { input: Uint8Array; position: number; bitBuffer: number; bitCount: number; output: Buffer; written: number } = { input: empty, position: 0, bitBuffer: 0, bitCount: 0, output: emptyBuffer, written: 0 };

/** HuffmanTable is a canonical code: how many codes have each length, and the symbols in code order. */
interface HuffmanTable {
  counts: Uint16Array;
  symbols: Uint16Array;
}

const maxBits = 15;

function bits(need: number): number {
  let value = state.bitBuffer;
  while (state.bitCount < need) {
    if (state.position >= state.input.length) throw endOfInput;
    value |= state.input[state.position++] << state.bitCount;
    state.bitCount += 8;
  }
  state.bitBuffer = value >>> need;
  state.bitCount -= need;
  return value & ((1 << need) - 1);
}

function stored(): boolean {
  // A stored block starts at the next byte boundary: drop the bits left of this one.
  state.bitBuffer = 0;
  state.bitCount = 0;
  const { input } = state;
  if (state.position + 4 > input.length) throw endOfInput;
  const length = input[state.position] | (input[state.position + 1] << 8);
  const complement = input[state.position + 2] | (input[state.position + 3] << 8);
  state.position += 4;
  if (length !== (~complement & 0xffff)) return false;
  if (state.position + length > input.length) throw endOfInput;
  if (state.written + length > state.output.length) return false;
  state.output.set(input.subarray(state.position, state.position + length), state.written);
  state.position += length;
  state.written += length;
  return true;
}

function decode(table: HuffmanTable): number {
  let code = 0;
  let first = 0;
  let index = 0;
  for (let length = 1; length <= maxBits; length++) {
    code |= bits(1);
    const count = table.counts[length];
    if (code - first < count) return table.symbols[index + code - first];
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  return -1;
}

/** buildTable makes a canonical code from code lengths; false when the lengths over-subscribe it. */
function buildTable(lengths: Uint8Array, from: number, count: number, table: HuffmanTable): boolean {
  table.counts.fill(0);
  for (let symbol = 0; symbol < count; symbol++) table.counts[lengths[from + symbol]]++;
  if (table.counts[0] === count) return true;
  let left = 1;
  for (let length = 1; length <= maxBits; length++) {
    left = (left << 1) - table.counts[length];
    if (left < 0) return false;
  }
  const offsets = new Uint16Array(maxBits + 1);
  for (let length = 1; length < maxBits; length++) offsets[length + 1] = offsets[length] + table.counts[length];
  for (let symbol = 0; symbol < count; symbol++) {
    const length = lengths[from + symbol];
    if (length !== 0) table.symbols[offsets[length]++] = symbol;
  }
  return true;
}

const lengthBase = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const lengthExtra = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const distanceBase = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const distanceExtra = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);

function codes(tables: { lengths: HuffmanTable; distances: HuffmanTable }): boolean {
  const output = state.output;
  for (;;) {
    let symbol = decode(tables.lengths);
    if (symbol < 0) return false;
    if (symbol < 256) {
      if (state.written >= output.length) return false;
      output[state.written++] = symbol;
      continue;
    }
    if (symbol === 256) return true;
    symbol -= 257;
    if (symbol >= 29) return false;
    const length = lengthBase[symbol] + bits(lengthExtra[symbol]);
    const distanceSymbol = decode(tables.distances);
    if (distanceSymbol < 0 || distanceSymbol >= 30) return false;
    const distance = distanceBase[distanceSymbol] + bits(distanceExtra[distanceSymbol]);
    if (distance > state.written || state.written + length > output.length) return false;
    // Byte by byte: the copy may overlap what it writes (a run).
    for (let from = state.written - distance, end = state.written + length; state.written < end; ) output[state.written++] = output[from++];
  }
}

let fixed: { lengths: HuffmanTable; distances: HuffmanTable } | undefined;

function fixedTables(): { lengths: HuffmanTable; distances: HuffmanTable } {
  if (!fixed) {
    const lengths = new Uint8Array(288 + 30);
    lengths.fill(8, 0, 144);
    lengths.fill(9, 144, 256);
    lengths.fill(7, 256, 280);
    lengths.fill(8, 280, 288);
    lengths.fill(5, 288, 318);
    const literal = newTable(288);
    const distance = newTable(30);
    buildTable(lengths, 0, 288, literal);
    buildTable(lengths, 288, 30, distance);
    fixed = { lengths: literal, distances: distance };
  }
  return fixed;
}

function newTable(symbols: number): HuffmanTable {
  return { counts: new Uint16Array(maxBits + 1), symbols: new Uint16Array(symbols) };
}

const codeLengthOrder = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);
const dynamicLengths = newTable(288);
const dynamicDistances = newTable(30);
const codeLengthTable = newTable(19);
const lengthsScratch = new Uint8Array(288 + 30);

function dynamic(): boolean {
  const literalCount = bits(5) + 257;
  const distanceCount = bits(5) + 1;
  const codeLengthCount = bits(4) + 4;
  if (literalCount > 286 || distanceCount > 30) return false;
  const lengths = lengthsScratch;
  lengths.fill(0);
  for (let index = 0; index < codeLengthCount; index++) lengths[codeLengthOrder[index]] = bits(3);
  if (!buildTable(lengths, 0, 19, codeLengthTable)) return false;
  let index = 0;
  while (index < literalCount + distanceCount) {
    const symbol = decode(codeLengthTable);
    if (symbol < 0) return false;
    if (symbol < 16) {
      lengths[index++] = symbol;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (index === 0) return false;
      value = lengths[index - 1];
      repeat = 3 + bits(2);
    } else if (symbol === 17) {
      repeat = 3 + bits(3);
    } else {
      repeat = 11 + bits(7);
    }
    if (index + repeat > literalCount + distanceCount) return false;
    while (repeat-- > 0) lengths[index++] = value;
  }
  // Without an end-of-block code the block could not end.
  if (lengths[256] === 0) return false;
  // The literal/length code must be complete, except a single code (as zlib accepts); the same for distances.
  if (!buildTable(lengths, 0, literalCount, dynamicLengths) || !complete(dynamicLengths, literalCount)) return false;
  // Distances come after the literal/length lengths in the same list.
  const distanceLengths = lengths.subarray(literalCount, literalCount + distanceCount);
  if (!buildTable(distanceLengths, 0, distanceCount, dynamicDistances) || !complete(dynamicDistances, distanceCount)) return false;
  return codes({ lengths: dynamicLengths, distances: dynamicDistances });
}

/** complete says whether a code is complete, or is one of the incomplete codes deflate allows (all-zero, or a single code of length 1). */
function complete(table: HuffmanTable, symbols: number): boolean {
  let used = 0;
  for (let length = 1; length <= maxBits; length++) used += table.counts[length];
  if (used === 0 || (used === 1 && table.counts[1] === 1)) return true;
  let left = 1;
  for (let length = 1; length <= maxBits; length++) left = (left << 1) - table.counts[length];
  return left === 0 && symbols > 0;
}

/** adler32 is zlib's checksum of the inflated bytes. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  let index = 0;
  while (index < data.length) {
    // 5552 bytes is the most that can be summed before b could overflow 2^32 (zlib's NMAX).
    const end = Math.min(index + 5552, data.length);
    for (; index < end; index++) {
      a += data[index];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
