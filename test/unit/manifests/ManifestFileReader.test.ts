import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ManifestFileReader } from '../../../server/src/engine/manifests/ManifestFileReader';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-reader-'));
const write = (name: string, content: string | Uint8Array): string => {
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return file;
};

test('ManifestFileReader reads files of every size whole, one after another into its buffer', () => {
  const reader = new ManifestFileReader();
  const small = 'apiVersion: v1\nkind: ConfigMap\n';
  // Larger than the first buffer (256 KB), so that it grows; then a small file again, and one
  // that grows it past what it keeps (8 MB).
  const large = Buffer.from(Array.from({ length: 700_000 }, (_, index) => String.fromCharCode(97 + (index % 26))).join(''));
  const huge = Buffer.alloc(9 * 1024 * 1024, 0x61);
  const files = [write('small.yaml', small), write('large.yaml', large), write('again.yaml', small), write('huge.yaml', huge), write('after.yaml', 'a: 1\n'), write('empty.yaml', '')];
  const expected = [Buffer.from(small), large, Buffer.from(small), huge, Buffer.from('a: 1\n'), Buffer.alloc(0)];
  files.forEach((file, index) => {
    const read = reader.read(file, { limit: 64 * 1024 * 1024 });
    assert.equal(read.size, expected[index].length, file);
    assert.ok(Buffer.from(read.bytes).equals(expected[index]), file);
  });
});

test('ManifestFileReader stops past the limit and says the whole size', () => {
  const reader = new ManifestFileReader();
  const file = write('over.yaml', 'x'.repeat(5000));
  const read = reader.read(file, { limit: 1000 });
  assert.equal(read.size, 5000);
  assert.equal(read.bytes.length, 1001);
  assert.equal(reader.read(file, { limit: 5000 }).bytes.length, 5000, 'a file of exactly the limit is read whole');
  // A sparse 3 GB file: read whole, it took 42 s and 4 GB of memory before failing.
  const sparse = path.join(directory, 'sparse.yaml');
  fs.writeFileSync(sparse, '');
  fs.truncateSync(sparse, 3 * 1024 * 1024 * 1024);
  const started = Date.now();
  const big = reader.read(sparse, { limit: 5 * 1024 * 1024 });
  assert.equal(big.size, 3 * 1024 * 1024 * 1024);
  assert.equal(big.bytes.length, 5 * 1024 * 1024 + 1);
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  fs.rmSync(sparse);
});

test('ManifestFileReader passes on the file system errors', () => {
  const reader = new ManifestFileReader();
  assert.throws(() => reader.read(path.join(directory, 'missing.yaml'), { limit: 100 }), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  assert.throws(() => reader.read(directory, { limit: 100 }), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
});
