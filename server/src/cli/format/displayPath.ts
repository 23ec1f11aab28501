import * as path from 'node:path';

/** displayPath shows a file relative to the current directory, with forward slashes, as findings list it. */
export function displayPath(args: { cwd: string; file: string }): string {
  return path.relative(args.cwd, args.file).split(path.sep).join('/') || args.file;
}
