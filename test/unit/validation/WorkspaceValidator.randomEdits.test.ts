import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleSetting } from '../../../server/src/engine/validation/Finding';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import type { ValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../../../server/src/engine/validation/WorkspaceValidator';
import { flagRule, memoryRepo, repoFile, seededRandom, snapshot, stubSchemas } from './validatorHarness';

/**
 * A property: whatever sequence of edits the editor sends, the incremental validator reports
 * exactly what a validator built from scratch over the same files reports. Edits are random but
 * seeded, so a failure names a step that can be replayed.
 */

const names = ['web', 'api', 'settings', 'creds', 'worker', 'extra'];
const images = ['nginx', 'nginx:latest', 'nginx:1.27', 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '${IMAGE}'];
const flags = ['ok', 'bad', 'soft'];
const ruleIds = ['flag', 'image-latest', 'duplicate-resource', 'ref-missing', 'resources-missing', 'secret-plaintext', 'kustomize-ref-missing', 'yaml-syntax'];
const settings: RuleSetting[] = ['off', 'info', 'warning', 'error'];

type Random = () => number;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function randomDocument(random: Random): string {
  const name = pick(random, names);
  const namespace = random() < 0.3 ? `\n  namespace: ${pick(random, ['shop', 'staging'])}` : '';
  const labels = `\n  labels: {flag: ${pick(random, flags)}, app: ${pick(random, names)}}`;
  switch (pick(random, ['ConfigMap', 'Secret', 'Deployment', 'Deployment', 'Service', 'broken', 'scalar'])) {
    case 'ConfigMap':
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${namespace}${labels}\ndata: {key: "${Math.floor(random() * 5)}"}\n`;
    case 'Secret':
      return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}${namespace}\nstringData:\n  password: ${pick(random, ['hunter2', '${PASSWORD}', '""'])}\n`;
    case 'Deployment': {
      const resources = random() < 0.5 ? '\n          resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {cpu: 1m, memory: 1Mi}}' : '';
      const envFrom = random() < 0.6 ? `\n          envFrom:\n            - configMapRef: {name: ${pick(random, names)}}` : '';
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}${namespace}${labels}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: main\n          image: ${pick(random, images)}${resources}${envFrom}\n`;
    }
    case 'Service':
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}${namespace}\nspec:\n  selector: {app: ${pick(random, names)}}\n  ports: [{port: 80}]\n`;
    case 'broken':
      return pick(random, ['a: 1\na: 2\n', 'a:\n\t- b\n', 'a: [1, 2\n', 'x: "open\n']);
    default:
      return 'just a scalar\n';
  }
}

function randomKustomization(random: Random, resources: string[]): string {
  const chosen = resources.filter(() => random() < 0.8);
  if (random() < 0.5) chosen.reverse();
  if (random() < 0.2) chosen.push('missing.yaml');
  const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...chosen.map((entry) => `  - ${entry}`)];
  if (random() < 0.4) lines.push(`namespace: ${pick(random, ['shop', 'staging'])}`);
  if (random() < 0.4) lines.push(`namePrefix: ${pick(random, ['a-', 'b-'])}`);
  if (random() < 0.4) lines.push('images:', '  - name: nginx', `    newTag: ${pick(random, ['"1.27"', 'latest'])}`);
  if (random() < 0.2) lines.push('configMapGenerator:', '  - name: settings', '    literals: [a=b]');
  return `${lines.join('\n')}\n`;
}

function documentsOf(text: string): string[] {
  return text.split(/^---\n/m);
}

/** The starting repository: a base and an overlay, a Flux Kustomization, plain folders. */
function initialFiles(random: Random): Map<string, string> {
  const files = new Map<string, string>();
  files.set('apps/base/kustomization.yaml', randomKustomization(random, ['deployment.yaml', 'settings.yaml']));
  files.set('apps/base/deployment.yaml', [randomDocument(random), randomDocument(random)].join('---\n'));
  files.set('apps/base/settings.yaml', [randomDocument(random), randomDocument(random)].join('---\n'));
  files.set('apps/staging/kustomization.yaml', randomKustomization(random, ['../base', 'extra.yaml']));
  files.set('apps/staging/extra.yaml', [randomDocument(random), randomDocument(random), randomDocument(random)].join('---\n'));
  files.set('clusters/flux.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: repo, namespace: flux-system}\nspec: {url: "https://example.com/r.git", interval: 1m}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 1m\n  path: ./plain\n  sourceRef: {kind: GitRepository, name: repo}\n');
  files.set('plain/big.yaml', Array.from({ length: 25 }, () => randomDocument(random)).join('---\n'));
  files.set('plain/small.yaml', randomDocument(random));
  return files;
}

test('random edits (seeded): incremental findings always equal a fresh validator\'s', () => {
  const random = seededRandom(424242);
  const files = initialFiles(random);
  const absolute = new Map<string, string>();
  const repo = memoryRepo(() => absolute.keys());
  let options: ValidationOptions = defaultValidationOptions();
  let repoSettings: Record<string, RuleSetting> = {};
  const rules = [flagRule(), ...gitopsRules];
  const incremental = new WorkspaceValidator({ repo, schemas: stubSchemas(), options, rules });
  const write = (relative: string, text: string): void => {
    files.set(relative, text);
    absolute.set(repoFile(relative), text);
    incremental.setFile({ file: repoFile(relative), text });
  };
  for (const [relative, text] of files) write(relative, text);
  let extraFiles = 0;
  const steps = 70;
  for (let step = 0; step < steps; step++) {
    const relative = pick(random, [...files.keys()]);
    const text = files.get(relative) as string;
    const isKustomization = relative.endsWith('kustomization.yaml');
    const operation = pick(random, ['edit', 'edit', 'edit', 'insert', 'delete', 'duplicate', 'suppress', 'crlf', 'whole', 'same', 'file', 'options', 'comment']);
    let description = `${operation} ${relative}`;
    const documents = documentsOf(text);
    const at = Math.floor(random() * documents.length);
    switch (operation) {
      case 'edit':
        if (isKustomization) write(relative, randomKustomization(random, relative.includes('staging') ? ['../base', 'extra.yaml'] : ['deployment.yaml', 'settings.yaml']));
        else write(relative, documents.map((document, index) => (index === at ? randomDocument(random) : document)).join('---\n'));
        break;
      case 'insert':
        if (!isKustomization) write(relative, [...documents.slice(0, at), randomDocument(random), ...documents.slice(at)].join('---\n'));
        break;
      case 'delete':
        if (!isKustomization && documents.length > 1) write(relative, documents.filter((_, index) => index !== at).join('---\n'));
        break;
      case 'duplicate':
        if (!isKustomization) write(relative, [...documents, documents[at]].join('---\n'));
        break;
      case 'suppress': {
        const lines = text.split('\n');
        const line = Math.floor(random() * lines.length);
        const ids = random() < 0.3 ? '' : ` ${pick(random, ruleIds)}${random() < 0.3 ? `, ${pick(random, ruleIds)}` : ''}`;
        lines.splice(line, 0, `${' '.repeat(lines[line]?.search(/\S|$/) ?? 0)}# gitops-workbench-disable-next-line${ids}${random() < 0.3 ? ' -- a reason' : ''}`);
        write(relative, lines.join('\n'));
        break;
      }
      case 'crlf':
        write(relative, text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n'));
        break;
      case 'whole':
        write(relative, text.startsWith('%YAML') ? text.replace('%YAML 1.2\n---\n', '') : `%YAML 1.2\n---\n${text}`);
        break;
      case 'comment':
        write(relative, `# edited at step ${step}\n${text}`);
        break;
      case 'same':
        write(relative, text);
        break;
      case 'file':
        if (relative.startsWith('plain/extra-')) {
          files.delete(relative);
          absolute.delete(repoFile(relative));
          incremental.removeFile(repoFile(relative));
          description = `remove ${relative}`;
        } else {
          const added = `plain/extra-${extraFiles++}.yaml`;
          description = `add ${added}`;
          absolute.set(repoFile(added), '');
          write(added, [randomDocument(random), randomDocument(random)].join('---\n'));
        }
        // As the language server does when files appear or disappear on disk.
        incremental.invalidateRepository();
        break;
      case 'options':
        if (random() < 0.5) {
          options = { ...defaultValidationOptions(), ruleSettings: { [pick(random, ruleIds)]: pick(random, settings) } };
          incremental.setOptions(options);
        } else {
          repoSettings = random() < 0.3 ? {} : { [pick(random, ruleIds)]: pick(random, settings) };
          incremental.setRepoRuleSettings(repoSettings);
        }
        description = `options ${JSON.stringify(options.ruleSettings)} repo ${JSON.stringify(repoSettings)}`;
        break;
    }
    const fresh = new WorkspaceValidator({ repo, schemas: stubSchemas(), options, rules });
    fresh.setRepoRuleSettings(repoSettings);
    for (const [file, content] of absolute) fresh.setFile({ file, text: content });
    const expected = JSON.stringify(snapshot(fresh.validate()));
    const actual = JSON.stringify(snapshot(incremental.validate()));
    if (actual !== expected) assert.deepEqual(JSON.parse(actual), JSON.parse(expected), `step ${step} (${description}): incremental and fresh findings differ`);
  }
});
