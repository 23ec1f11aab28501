import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isInside } from '../manifests/isInside';

const alwaysSkipped = new Set(['.git', 'node_modules']);

/**
 * findManifestFiles lists the *.yaml and *.yml files under a directory, honouring the .gitignore
 * files on the way (relative to the repository root) and skipping Helm chart templates, which
 * are Go templates, not YAML.
 */
export function findManifestFiles(args: { root: string; directory?: string }): string[] {
  const files: string[] = [];
  const start = path.resolve(args.directory ?? args.root);
  const matchers: Array<{ base: string; matcher: Ignore }> = [];
  // .gitignore files above the start directory (up to the root) apply too, outermost first.
  for (let dir = path.dirname(start); isInside(args.root, dir); dir = path.dirname(dir)) {
    addGitignore(matchers, dir);
    if (dir === args.root || dir === path.dirname(dir)) break;
  }
  matchers.reverse();
  walk(start, matchers, files, false);
  return files.sort();
}

function walk(directory: string, inherited: Array<{ base: string; matcher: Ignore }>, files: string[], inChart: boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  const matchers = [...inherited];
  // Most directories have no .gitignore: the listing says so without a failed read.
  if (entries.some((entry) => entry.name === '.gitignore')) addGitignore(matchers, directory);
  const isChart = entries.some((entry) => entry.isFile() && entry.name === 'Chart.yaml');
  for (const entry of entries) {
    if (alwaysSkipped.has(entry.name)) continue;
    const isDirectory = entry.isDirectory();
    // Only directories and YAML files are tested against the .gitignore files: the test is the
    // walk's largest cost (~9 µs an entry), and most files of a repository are not YAML.
    if (!isDirectory && !(entry.isFile() && /\.ya?ml$/i.test(entry.name))) continue;
    const full = path.join(directory, entry.name);
    if (ignored(matchers, full, isDirectory)) continue;
    if (!isDirectory) files.push(full);
    else if (!((isChart || inChart) && entry.name === 'templates')) walk(full, matchers, files, isChart);
  }
}

function addGitignore(matchers: Array<{ base: string; matcher: Ignore }>, directory: string): void {
  let text: string;
  try {
    text = fs.readFileSync(path.join(directory, '.gitignore'), 'utf8');
  } catch {
    return;
  }
  matchers.push({ base: directory, matcher: ignore().add(text) });
}

/** ignored follows git: the deepest .gitignore with a matching pattern decides, so a `!pattern` there re-includes. */
function ignored(matchers: Array<{ base: string; matcher: Ignore }>, full: string, isDirectory: boolean): boolean {
  for (let index = matchers.length - 1; index >= 0; index--) {
    const { base, matcher } = matchers[index];
    const relative = relativeInside(base, full);
    if (relative === undefined) continue;
    const verdict = matcher.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * relativeInside is `full` relative to `base` with / separators, when `full` is below `base`.
 * Every path here is absolute and normalised, so a prefix test says it (path.relative resolves
 * both paths again, the largest cost of a walk).
 */
function relativeInside(base: string, full: string): string | undefined {
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  if (full.length <= prefix.length || !full.startsWith(prefix)) return undefined;
  const relative = full.slice(prefix.length);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

