import type { ManifestDocument } from '../manifests/ManifestDocument';
import { materializeScope } from './materializeScope';
import type { EnvironmentRule, RepositoryRule, RuleContext } from './Rule';
import { runSafely } from './runSafely';
import { sameRuleResults, type RuleResult } from './sameRuleResults';
import type { ScopeLayout } from './scopeLayoutsOf';
import type { ValidationScope } from './ValidationScope';

/** Entry is what the cross-file rules found for one scope (or the repository), by file. */
interface Entry {
  /** Scope layout signature, or the repository inputs version. */
  signature: string;
  epoch: number;
  /** Content versions of the scope's files when the rules ran. */
  fileVersions: number[];
  byFile: Map<string, RuleResult[]>;
  /** Passed to the environment rules on every run for this scope in this epoch (EnvironmentRule.check). */
  memo?: object;
}

/** CrossFileInputs is what one validation gives the cross-file rules. */
export interface CrossFileInputs {
  layouts: readonly ScopeLayout[];
  /** Scopes built for this validation (their documents are current), by layout key. */
  built: ReadonlyMap<string, ValidationScope>;
  context: RuleContext;
  /** Bumped when rule inputs other than documents change: every result is stale then. */
  epoch: number;
  /** Bumped when a document a repository rule reads may have changed. */
  repositoryInputs: number;
  versionOf(file: string): number;
  documentsOf(file: string): readonly ManifestDocument[];
  allDocuments(): readonly ManifestDocument[];
}

/**
 * CrossFileCache keeps the results of the environment rules per scope and of the repository rules,
 * by file, and re-runs them only for the scopes whose files, structure or epoch changed (the
 * repository rules when their documents did). `remember` gives environment rules a memo per scope
 * (an editor session); one-shot validation runs each scope once and needs none.
 */
export class CrossFileCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly args: { environmentRules: readonly EnvironmentRule[]; repositoryRules: readonly RepositoryRule[]; remember: boolean }) {}

  /** update brings every result up to date and returns the files whose cross-file results changed. */
  update(inputs: CrossFileInputs): Set<string> {
    const { context, epoch } = inputs;
    const changed = new Set<string>();
    const live = new Set<string>();
    const update = (key: string, signature: string, fileVersions: number[], run: (memo: object | undefined) => RuleResult[]): void => {
      live.add(key);
      const entry = this.entries.get(key);
      if (entry && entry.signature === signature && entry.epoch === epoch && sameNumbers(entry.fileVersions, fileVersions)) return;
      const memo = !this.args.remember ? undefined : entry?.memo && entry.epoch === epoch ? entry.memo : {};
      const byFile = new Map<string, RuleResult[]>();
      for (const result of run(memo)) {
        const list = byFile.get(result.finding.document.file);
        if (list) list.push(result);
        else byFile.set(result.finding.document.file, [result]);
      }
      for (const file of byFile.keys()) if (!sameRuleResults(byFile.get(file), entry?.byFile.get(file))) changed.add(file);
      for (const file of entry?.byFile.keys() ?? []) if (!byFile.has(file)) changed.add(file);
      this.entries.set(key, { signature, epoch, fileVersions, byFile, memo });
    };
    const documentsOf = (file: string): readonly ManifestDocument[] => inputs.documentsOf(file);
    if (this.args.environmentRules.length > 0) {
      for (const layout of inputs.layouts) {
        update(layout.key, layout.signature, layout.files.map((file) => inputs.versionOf(file)), (memo) => {
          const environment = inputs.built.get(layout.key) ?? materializeScope({ layout, documentsOf });
          return this.args.environmentRules.flatMap((rule) => runSafely(rule, () => rule.check({ environment, context, memo })).map((finding) => ({ rule, finding })));
        });
      }
    }
    if (this.args.repositoryRules.length > 0) {
      update('repository', String(inputs.repositoryInputs), [], () => {
        const all = inputs.allDocuments();
        // Rules that read the same documents (the Flux rules) share one pass over the repository.
        const concerning = new Map<NonNullable<RepositoryRule['concerns']>, readonly ManifestDocument[]>();
        return this.args.repositoryRules.flatMap((rule) => {
          const concerns = rule.concerns;
          let documents = all;
          if (concerns) {
            documents = concerning.get(concerns) ?? all.filter((document) => document.identity && concerns(document.identity));
            concerning.set(concerns, documents);
          }
          return runSafely(rule, () => rule.check({ documents, context })).map((finding) => ({ rule, finding }));
        });
      });
    }
    for (const [key, entry] of this.entries) {
      if (live.has(key)) continue;
      for (const file of entry.byFile.keys()) changed.add(file);
      this.entries.delete(key);
    }
    return changed;
  }

  /** resultsByFile lists each file's cross-file results, in scope order then the repository's, as the rules reported them. */
  resultsByFile(layouts: readonly ScopeLayout[]): Map<string, RuleResult[][]> {
    const byFile = new Map<string, RuleResult[][]>();
    const entries = layouts.map((layout) => this.entries.get(layout.key));
    entries.push(this.entries.get('repository'));
    for (const entry of entries) {
      if (!entry) continue;
      for (const [file, results] of entry.byFile) {
        const lists = byFile.get(file);
        if (lists) lists.push(results);
        else byFile.set(file, [results]);
      }
    }
    return byFile;
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
