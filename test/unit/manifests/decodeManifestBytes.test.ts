import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeManifestBytes } from '../../../server/src/engine/manifests/decodeManifestBytes';

const file = '/repo/a.yaml';
const atStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function decode(bytes: Uint8Array | string, maxFileSize = 1024 * 1024): ReturnType<typeof decodeManifestBytes> {
  return decodeManifestBytes({ file, bytes: typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, maxFileSize });
}

/** invalidAt is the offset named by the "not valid UTF-8" finding. */
function invalidAt(bytes: number[] | Buffer): number | undefined {
  const decoded = decode(Buffer.from(bytes));
  assert.equal(decoded.text, undefined);
  const match = /first invalid byte at offset (\d+)/.exec(decoded.problems[0]?.message ?? '');
  return match ? Number(match[1]) : undefined;
}

describe('decodeManifestBytes', () => {
  test('valid UTF-8 comes back as text, without findings', () => {
    assert.deepEqual(decode('a: é 日本 🚀\n'), { text: 'a: é 日本 🚀\n', problems: [] });
    assert.deepEqual(decode(''), { text: '', problems: [] });
  });

  test('a byte order mark is dropped, with an info finding', () => {
    assert.deepEqual(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31])), {
      text: 'a: 1',
      problems: [{ file, rule: 'yaml-syntax', severity: 'info', message: 'file starts with a UTF-8 byte order mark; it is ignored here, but some tools reject it', range: atStart }],
    });
  });

  test('the size limit is in bytes and inclusive', () => {
    assert.equal(decode('x'.repeat(1024), 1024).text, 'x'.repeat(1024));
    assert.deepEqual(decode('x'.repeat(1025), 1024), {
      problems: [{ file, rule: 'yaml-syntax', severity: 'warning', message: 'file is 1.0 KB, over the 1.0 KB size limit (setting gitopsWorkbench.maxFileSize); not validated', range: atStart }],
    });
    assert.equal(decode('é'.repeat(600), 1024).text, undefined, '600 characters are 1200 bytes');
    assert.match(decode('x'.repeat(3 * 1024 * 1024), 2 * 1024 * 1024).problems[0].message, /^file is 3\.0 MB, over the 2\.0 MB size limit/);
  });

  test('the size of a file read only in part is its whole size, and such bytes are never decoded', () => {
    const bytes = Buffer.from('apiVersion: v1\n');
    assert.match(decodeManifestBytes({ file, bytes, maxFileSize: 10, size: 3 * 1024 * 1024 * 1024 }).problems[0].message, /^file is 3072\.0 MB, over the 10 bytes size limit/);
    assert.deepEqual(decodeManifestBytes({ file, bytes, maxFileSize: 1024, size: 100 }), {
      problems: [{ file, rule: 'yaml-syntax', severity: 'warning', message: 'file was read only in part (15 of 100 bytes); not validated', range: atStart }],
    });
    assert.equal(decodeManifestBytes({ file, bytes, maxFileSize: 1024, size: bytes.length }).text, 'apiVersion: v1\n');
  });

  test('NUL bytes in the first 8000 bytes: binary, not validated', () => {
    assert.deepEqual(decode(Buffer.from([0x61, 0x00, 0x62])), {
      problems: [{ file, rule: 'yaml-syntax', severity: 'warning', message: 'file looks binary (it contains NUL bytes); not validated', range: atStart }],
    });
    assert.equal(decode(Buffer.from([0xff, 0xfe, 0x61, 0x00])).problems[0].message, 'file looks binary (it contains NUL bytes); not validated', 'UTF-16 is binary here');
  });

  test('invalid UTF-8 is an error naming where the first malformed sequence starts', () => {
    assert.deepEqual(decode(Buffer.from([0x61, 0x80])), {
      problems: [{ file, rule: 'yaml-syntax', severity: 'error', message: 'file is not valid UTF-8 (first invalid byte at offset 1); YAML files must be UTF-8', range: atStart }],
    });
    assert.equal(invalidAt([0x61, 0x62, 0x80, 0x63]), 2, 'a stray continuation byte');
    assert.equal(invalidAt([0x61, 0xc0, 0xaf]), 1, 'an overlong form');
    assert.equal(invalidAt([0x61, 0xed, 0xa0, 0x80]), 1, 'a surrogate');
    assert.equal(invalidAt([0x61, 0xe6, 0x97, 0x41, 0x42]), 1, 'a missing continuation byte');
    assert.equal(invalidAt([0x61, 0xf4, 0x90, 0x80, 0x80]), 1, 'past U+10FFFF');
    assert.equal(invalidAt([0x61, 0xff]), 1, 'a byte that never occurs in UTF-8');
  });

  test('a sequence cut off at the end of the file starts the invalid part (not the file length)', () => {
    assert.equal(invalidAt([0x61, 0x62, 0xc3]), 2);
    assert.equal(invalidAt([0x61, 0xf0, 0x9f, 0x9a]), 1);
  });

  test('the offset counts bytes of multi-byte characters before it', () => {
    // 1000 two-byte characters, then a truncated three-byte sequence: the search must not be
    // confused by prefixes that end inside a character.
    assert.equal(invalidAt(Buffer.concat([Buffer.from('é'.repeat(1000)), Buffer.from([0xe6, 0x97]), Buffer.from('abc')])), 2000);
    assert.equal(invalidAt(Buffer.concat([Buffer.from('é日本🚀'), Buffer.from([0xff])])), 2 + 6 + 4);
    assert.equal(invalidAt(Buffer.concat([Buffer.from('x: '), Buffer.from('日'.repeat(5000)), Buffer.from([0x80])])), 3 + 15000);
  });

  test('NUL past the first 8000 bytes is left to the parser', () => {
    const bytes = Buffer.concat([Buffer.from('a: '.padEnd(9000, 'x')), Buffer.from([0x00])]);
    assert.equal(decode(bytes).text?.length, 9001);
  });
});
