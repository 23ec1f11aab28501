import * as path from 'node:path';
import type { RepoView } from '../../../server/src/engine/manifests/RepoView';
import type { SchemaRegistry } from '../../../server/src/engine/schemas/SchemaRegistry';
import type { Finding } from '../../../server/src/engine/validation/Finding';
import type { DocumentRule, EnvironmentRule, RepositoryRule } from '../../../server/src/engine/validation/Rule';
import type { ValidationResult } from '../../../server/src/engine/validation/WorkspaceValidator';

export const root = '/repo';

/** repoFile names a file of the in-memory repository. */
export function repoFile(relative: string): string {
  return path.join(root, relative);
}

/** memoryRepo is a RepoView over the files a test says exist (directories are their parents). */
export function memoryRepo(files: () => Iterable<string>, remotes: readonly string[] = []): RepoView {
  const isDirectory = (absolutePath: string): boolean => {
    const prefix = absolutePath.endsWith(path.sep) ? absolutePath : absolutePath + path.sep;
    for (const file of files()) if (file.startsWith(prefix)) return true;
    return false;
  };
  return {
    root,
    exists: (absolutePath) => [...files()].includes(absolutePath) || isDirectory(absolutePath),
    isDirectory,
    remoteUrls: () => remotes,
  };
}

/** stubSchemas knows no schema; rules that ask get "no schema". */
export function stubSchemas(): SchemaRegistry {
  return {
    lookup: () => undefined,
    schemaFor: () => undefined,
    knownApiVersions: () => [],
    validate: () => [],
    schemaText: () => undefined,
    setWorkspaceCrds: () => undefined,
    generation: 0,
    schemaKeyOf: () => '',
  };
}

/**
 * flagRule is a document rule that records every document it checks (by file and name) and
 * reports `metadata.labels.flag: bad`, with a fix, and `flag: soft` with its own severity info.
 */
export function flagRule(id = 'flag'): DocumentRule & { calls: string[] } {
  const calls: string[] = [];
  return {
    id,
    defaultSeverity: 'warning',
    description: 'Test rule: metadata.labels.flag must not be "bad".',
    scope: 'document',
    calls,
    check({ document }) {
      calls.push(`${path.relative(root, document.file)}:${document.identity?.name ?? '?'}`);
      const flag = (document.value as { metadata?: { labels?: { flag?: unknown } } } | null)?.metadata?.labels?.flag;
      if (flag === 'bad') return [{ path: ['metadata', 'labels', 'flag'], message: 'flag is bad', fix: { title: 'Make it good', path: ['metadata', 'labels', 'flag'], newValue: 'good' } }];
      if (flag === 'soft') return [{ path: ['metadata', 'labels', 'flag'], message: 'flag is soft', severity: 'info' }];
      return [];
    },
  };
}

/** scopeCounter is an environment rule that records the scopes it runs on and reports nothing. */
export function scopeCounter(): EnvironmentRule & { calls: string[] } {
  const calls: string[] = [];
  return {
    id: 'scope-counter',
    defaultSeverity: 'info',
    description: 'Test rule: counts environment runs.',
    scope: 'environment',
    calls,
    check({ environment }) {
      calls.push(`${environment.kind}:${environment.name}`);
      return [];
    },
  };
}

/** repositoryCounter is a repository rule that counts its runs and reports nothing. */
export function repositoryCounter(): RepositoryRule & { calls: number } {
  const rule = {
    id: 'repository-counter',
    defaultSeverity: 'info' as const,
    description: 'Test rule: counts repository runs.',
    scope: 'repository' as const,
    calls: 0,
    check: () => {
      rule.calls++;
      return [];
    },
  };
  return rule;
}

/** snapshot is a validation result as comparable plain data: files in order, findings as they are. */
export function snapshot(result: ValidationResult): { documents: number; files: Array<[string, Finding[]]> } {
  return { documents: result.documents, files: [...result.findingsByFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
}

/** brief shows findings as "relative/file:line:char rule severity message". */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${path.relative(root, finding.file)}:${finding.range.start.line}:${finding.range.start.character} ${finding.rule} ${finding.severity} ${finding.message}`);
}

/** seededRandom is mulberry32: the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
