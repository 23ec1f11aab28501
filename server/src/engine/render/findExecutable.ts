import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * findExecutable looks a command up on the PATH of `env` as a shell would (without running one):
 * the first executable regular file named `name` (with PATHEXT on Windows).
 */
export function findExecutable(args: { name: string; env: NodeJS.ProcessEnv }): string | undefined {
  const directories = (args.env.PATH ?? args.env.Path ?? '').split(path.delimiter).filter((entry) => entry !== '');
  const extensions = process.platform === 'win32' ? (args.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const directory of directories) {
    for (const extension of extensions) {
      const candidate = path.join(directory, args.name + extension);
      try {
        if (!fs.statSync(candidate).isFile()) continue;
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // Not here; try the next directory.
      }
    }
  }
  return undefined;
}
