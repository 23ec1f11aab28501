import * as fs from 'node:fs';
import * as path from 'node:path';

/** Temporary files older than this were left by a process that died while writing. */
const staleTemporaryMs = 10 * 60 * 1000;

/**
 * writeFileAtomically replaces a file as a whole: the bytes go to a temporary file of this
 * process beside it, which is then renamed over it, so a reader sees the old file or the new
 * one, never half of one, and concurrent writers leave one of their files (the last rename
 * wins). The directory is created when missing. Temporary files that a crashed writer left
 * behind are removed. There is no fsync: after a power loss the file may be empty or torn,
 * which is acceptable only for files whose readers check them and can do without (caches).
 */
export function writeFileAtomically(args: { file: string; data: Uint8Array }): void {
  const directory = path.dirname(args.file);
  fs.mkdirSync(directory, { recursive: true });
  const base = path.basename(args.file);
  // pid + random, and 'wx' refuses an existing name (node:crypto would cost a module load).
  const temporary = path.join(directory, `${base}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    fs.writeFileSync(temporary, args.data, { flag: 'wx' });
    fs.renameSync(temporary, args.file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  removeStaleTemporaries(directory, base);
}

function removeStaleTemporaries(directory: string, base: string): void {
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(directory)) {
      if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue;
      const file = path.join(directory, name);
      try {
        if (now - fs.statSync(file).mtimeMs > staleTemporaryMs) fs.rmSync(file, { force: true });
      } catch {
        // Another process removed or renamed it meanwhile.
      }
    }
  } catch {
    // Housekeeping only.
  }
}
