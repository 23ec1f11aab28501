import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import * as zlib from 'node:zlib';
import { inflateZlib } from '../../../server/src/engine/git/inflateZlib';

/** sample makes data of a given size and kind: random (stored blocks), few symbols, repeats (long matches), a tree-like text. */
function sample(size: number, kind: number, random: () => number): Buffer {
  if (kind === 0) return randomBytes(size);
  if (kind === 1) return Buffer.from(Array.from({ length: size }, () => 97 + Math.floor(random() * 4)));
  if (kind === 2) return Buffer.alloc(size, 7);
  return Buffer.from(`100644 settings.yaml\0${'x'.repeat(20)}40000 overlays\0${'y'.repeat(20)}`.repeat(Math.ceil(size / 60)).slice(0, size));
}

test('inflates what zlib deflates, with every level, strategy and window, as native zlib does', () => {
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 3000; round++) {
    const size = [0, 1, 7, 60, 300, 1500, 5000, 16384, 40000][round % 9];
    const data = sample(Math.floor(random() * size) + (size > 0 ? 1 : 0), round % 4, random);
    const options = { level: round % 10, strategy: (round >> 2) % 5, memLevel: 1 + (round % 9), windowBits: 9 + (round % 7) };
    const deflated = zlib.deflateSync(data, options);
    // Objects sit inside a pack, with bytes before and after the stream.
    const packed = Buffer.concat([Buffer.from([1, 2, 3]), deflated, randomBytes(round % 40)]);
    const inflated = inflateZlib(packed, 3, data.length);
    assert.ok(inflated, `round ${round}: inflated (${JSON.stringify(options)}, ${data.length} bytes)`);
    assert.ok(inflated.equals(data), `round ${round}: same bytes`);
    // Whatever it cannot verify is undefined, never a wrong answer: another size, a cut stream.
    if (data.length > 0) assert.equal(inflateZlib(packed, 3, data.length - 1), undefined);
    assert.equal(inflateZlib(packed, 3, data.length + 1), undefined);
    assert.equal(inflateZlib(deflated.subarray(0, deflated.length - 1), 0, data.length), undefined);
    // A flipped bit: undefined, or exactly what native zlib makes of it.
    const damaged = Buffer.from(deflated);
    damaged[2 + (round % Math.max(1, deflated.length - 2))] ^= 1 << (round % 8);
    const ours = inflateZlib(damaged, 0, data.length);
    if (ours !== undefined) assert.ok(ours.equals(zlib.inflateSync(damaged)), `round ${round}: a damaged stream inflates as native zlib inflates it`);
  }
});

test('refuses streams it does not handle: not deflate, a preset dictionary, a bad header check', () => {
  const deflated = zlib.deflateSync(Buffer.from('hello'));
  assert.equal(inflateZlib(Buffer.from([0x78]), 0, 5), undefined);
  assert.equal(inflateZlib(Buffer.from([0x79, ...deflated.subarray(1)]), 0, 5), undefined);
  const dictionary = zlib.deflateSync(Buffer.from('hello hello'), { dictionary: Buffer.from('hello') });
  assert.equal(inflateZlib(dictionary, 0, 11), undefined);
  assert.equal(inflateZlib(zlib.deflateRawSync(Buffer.from('hello')), 0, 5), undefined);
});
