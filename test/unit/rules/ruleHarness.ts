import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestDocument } from '../../../server/src/engine/manifests/ManifestDocument';
import { parseManifestText } from '../../../server/src/engine/manifests/parseManifestText';
import type { SchemaRegistry } from '../../../server/src/engine/schemas/SchemaRegistry';
import { buildValidationScopes } from '../../../server/src/engine/validation/buildValidationScopes';
import type { PathFix, YamlPath } from '../../../server/src/engine/validation/Finding';
import type { Rule, RuleContext } from '../../../server/src/engine/validation/Rule';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import { fixtureRepoView } from './fixtureRepoView';

/** projectRoot is the checkout (tests run from out/test/unit/rules). */
export const projectRoot = path.resolve(__dirname, '../../../..');

/** fixturePath names a file or directory under test/fixtures/rules/<rule-id>/. */
export function fixturePath(ruleId: string, ...parts: string[]): string {
  return path.join(projectRoot, 'test', 'fixtures', 'rules', ruleId, ...parts);
}

/** fixtureNames lists the entries of a rule's fixture folder that start with a prefix ("pass-", "fail-"). */
export function fixtureNames(ruleId: string, prefix: string): string[] {
  return fs.readdirSync(fixturePath(ruleId)).filter((name) => name.startsWith(prefix)).sort();
}

/**
 * schemaStub is a SchemaRegistry that knows schemas for the given "apiVersion Kind" pairs only.
 * Rules only call lookup(); the rest of the (other engineer's) interface is not needed here.
 */
export function schemaStub(known: readonly string[] = ['apps/v1 Deployment', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'networking.k8s.io/v1 Ingress', 'storage.k8s.io/v1 VolumeAttributesClass']): SchemaRegistry {
  const set = new Set(known);
  const lookup: SchemaRegistry['lookup'] = (apiVersion, kind) => (set.has(`${apiVersion} ${kind}`) ? { uri: `stub://${apiVersion}/${kind}`, origin: 'bundle' } : undefined);
  return { lookup, validate: () => [], schemaText: () => undefined, setWorkspaceCrds: () => undefined, generation: 0 } as unknown as SchemaRegistry;
}

function isManifestFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) || name === 'Kustomization';
}

function walk(directory: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (isManifestFile(entry.name)) files.push(full);
  }
  return files.sort();
}

/** loadDocuments parses files (or every YAML file under a directory) into ManifestDocuments. */
export function loadDocuments(target: string): ManifestDocument[] {
  const files = fs.statSync(target).isDirectory() ? walk(target) : [target];
  return files.flatMap((file) => parseManifestText({ file, text: fs.readFileSync(file, 'utf8') }).documents);
}

/** SeenFinding is a rule finding reduced to what tests compare. */
export interface SeenFinding {
  rule: string;
  /** File relative to the repository root, with `/`. */
  file: string;
  path: YamlPath;
  message: string;
  target?: 'key' | 'value';
  fix?: PathFix;
}

export interface RunOptions {
  /** The repository root; defaults to the target when it is a directory, else its folder. */
  root?: string;
  remotes?: readonly string[];
  kubernetesVersion?: string;
  schemas?: SchemaRegistry;
  rules?: readonly Rule[];
}

/** makeContext builds a RuleContext over a fixture repository. */
export function makeContext(root: string, options: RunOptions = {}): RuleContext {
  return {
    kubernetesVersion: options.kubernetesVersion ?? '1.34',
    schemas: options.schemas ?? schemaStub(),
    patchFiles: new Set(),
    repo: fixtureRepoView({ root, remotes: options.remotes }),
  };
}

/**
 * runRules runs rules (all GitOps rules by default) over a fixture file or directory the way the
 * pipeline does: document rules per document, environment rules per scope, repository rules once;
 * identical findings are folded into one. The result is sorted by file, path and rule.
 */
export function runRules(target: string, options: RunOptions = {}): SeenFinding[] {
  const root = options.root ?? (fs.statSync(target).isDirectory() ? target : path.dirname(target));
  const documents = loadDocuments(target);
  const context = makeContext(root, options);
  const seen = new Map<string, SeenFinding>();
  const record = (rule: string, document: ManifestDocument, finding: Omit<SeenFinding, 'rule' | 'file'>): void => {
    const item: SeenFinding = { rule, file: path.relative(root, document.file).split(path.sep).join('/'), path: finding.path, message: finding.message };
    if (finding.target) item.target = finding.target;
    if (finding.fix) item.fix = finding.fix;
    seen.set(JSON.stringify([item, document.index]), item);
  };
  const scopes = buildValidationScopes({ documents, repo: context.repo });
  for (const rule of options.rules ?? gitopsRules) {
    if (rule.scope === 'document') {
      for (const document of documents) for (const finding of rule.check({ document, context })) record(rule.id, document, finding);
    } else if (rule.scope === 'environment') {
      for (const environment of scopes) for (const finding of rule.check({ environment, context })) record(rule.id, finding.document, finding);
    } else {
      for (const finding of rule.check({ documents, context })) record(rule.id, finding.document, finding);
    }
  }
  return [...seen.values()].sort((a, b) => compareText(a.file, b.file) || compareText(JSON.stringify(a.path), JSON.stringify(b.path)) || compareText(a.rule, b.rule));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ExpectedFinding: the rule, file, path, and a substring the message must contain. */
export interface ExpectedFinding {
  rule: string;
  file: string;
  path: YamlPath;
  message: string;
  fix?: PathFix;
}

/** assertFindings checks that exactly the expected findings were reported (in runRules order). */
export function assertFindings(actual: readonly SeenFinding[], expected: readonly ExpectedFinding[]): void {
  const shown = JSON.stringify(actual, null, 2);
  assert.equal(actual.length, expected.length, `expected ${expected.length} finding(s), got ${actual.length}:\n${shown}`);
  expected.forEach((want, index) => {
    const got = actual[index];
    assert.deepEqual({ rule: got.rule, file: got.file, path: got.path }, { rule: want.rule, file: want.file, path: want.path }, `finding ${index}:\n${shown}`);
    assert.ok(got.message.includes(want.message), `finding ${index} message ${JSON.stringify(got.message)} lacks ${JSON.stringify(want.message)}`);
    if ('fix' in want) assert.deepEqual(got.fix, want.fix, `finding ${index} fix`);
  });
}
