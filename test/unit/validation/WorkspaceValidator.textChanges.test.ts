import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextChange } from '../../../server/src/engine/manifests/TextChange';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import { schemaRule } from '../../../server/src/engine/validation/rules/schema';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../../../server/src/engine/validation/WorkspaceValidator';
import { flagRule, memoryRepo, repoFile, seededRandom, snapshot, stubSchemas } from './validatorHarness';

/**
 * A property, for edits as the editor sends them (a replaced stretch of the previous text, see
 * TextChange): after every edit the incremental validator, which re-parses only what the edit
 * touched and re-checks only what it can change, reports exactly what a validator built from
 * scratch over the same texts reports. Seeded: a failure names a step that can be replayed.
 */

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
// 'a-web' is what 'web' becomes under a base's namePrefix: a-, so prefixes make and break duplicates.
const names = ['web', 'api', 'settings', 'worker', 'a-web'];
const images = ['nginx', 'nginx:latest', 'nginx:1.27', 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'registry.example.com/web:2.0'];
const kinds = ['ConfigMap', 'Secret', 'Deployment', 'Service', 'StatefulSet', 'Gadget', 'Kustomization'];
const broken = ['  bad: [1, 2\n', '\tindented: tab\n', 'kind: Duplicate\n', 'x: "open\n', '%YAML 1.2\n', '...\n', '--- |\n', ': empty key\n'];

function randomDocument(random: Random): string {
  const name = pick(random, names);
  const namespace = random() < 0.3 ? `\n  namespace: ${pick(random, ['shop', 'staging'])}` : '';
  const labels = `\n  labels: {flag: ${pick(random, ['ok', 'bad', 'soft'])}, app: ${pick(random, names)}}`;
  switch (pick(random, ['ConfigMap', 'Secret', 'Deployment', 'Deployment', 'Service', 'Gadget', 'CustomResourceDefinition', 'comment', 'scalar'])) {
    case 'Gadget':
      // A custom kind whose scope a CRD (maybe in the same environment) decides.
      return `apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: ${name}${namespace}\n`;
    case 'CustomResourceDefinition':
      return `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\nspec:\n  group: example.com\n  names: {kind: Gadget, plural: gadgets}\n  scope: ${pick(random, ['Cluster', 'Namespaced'])}\n  versions: [{name: v1, served: true, storage: true}]\n`;
    case 'ConfigMap':
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${namespace}${labels}\ndata: {key: "${Math.floor(random() * 5)}"}\n`;
    case 'Secret':
      return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}${namespace}\nstringData:\n  password: ${pick(random, ['hunter2', '${PASSWORD}'])}\n`;
    case 'Deployment':
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}${namespace}${labels}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: main\n          image: ${pick(random, images)}\n          envFrom:\n            - configMapRef: {name: ${pick(random, names)}}\n`;
    case 'Service':
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}${namespace}\nspec:\n  selector: {app: ${pick(random, names)}}\n  ports: [{port: 80}]\n`;
    case 'comment':
      return '# only a comment\n';
    default:
      return 'just a scalar\n';
  }
}

function kustomization(random: Random, resources: readonly string[]): string {
  const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...resources.filter(() => random() < 0.8).map((entry) => `  - ${entry}`)];
  if (random() < 0.4) lines.push(`namespace: ${pick(random, ['shop', 'staging'])}`);
  if (random() < 0.4) lines.push(`namePrefix: ${pick(random, ['a-', 'b-'])}`);
  if (random() < 0.4) lines.push('images:', '  - name: nginx', `    newTag: ${pick(random, ['"1.27"', 'latest'])}`);
  if (random() < 0.3) lines.push('configMapGenerator:', `  - name: ${pick(random, names)}`, '    literals: [a=b]');
  return `${lines.join('\n')}\n`;
}

/** lineStarts lists the offsets where the lines of a text start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** An edit of one file: replace [start, end) of its text. */
interface Edit {
  start: number;
  end: number;
  text: string;
  what: string;
}

/** randomEdit picks one of the edits people make, on the file's current text. */
function randomEdit(random: Random, relative: string, text: string, history: readonly string[]): Edit {
  const starts = lineStarts(text);
  const lineAt = (index: number): { start: number; end: number } => ({ start: starts[index], end: index + 1 < starts.length ? starts[index + 1] : text.length });
  const markers = starts.filter((start) => text.startsWith('---', start) && /^---[ \t]*\r?(\n|$)/.test(text.slice(start, start + 6)));
  const find = (pattern: RegExp): { start: number; end: number } | undefined => {
    const lines = starts.map((_, index) => lineAt(index)).filter(({ start, end }) => pattern.test(text.slice(start, end)));
    return lines.length > 0 ? pick(random, lines) : undefined;
  };
  // A kustomization is mostly edited as one: its namespace, namePrefix and images move whole environments.
  const operation = relative.endsWith('kustomization.yaml') && random() < 0.5 ? 'kustomization' : pick(random, ['image', 'image', 'add-document', 'remove-document', 'resources', 'kustomization', 'scope', 'kind', 'break', 'comment-line', 'delete-line', 'type', 'type', 'span', 'undo', 'crlf-line']);
  switch (operation) {
    case 'image': {
      const line = find(/^\s+image: /);
      if (line) return { ...line, text: `          image: ${pick(random, images)}\n`, what: 'change an image' };
      break;
    }
    case 'add-document': {
      const at = pick(random, [...markers, text.length]);
      const prefix = at === text.length && text !== '' && !text.endsWith('\n') ? '\n' : '';
      return { start: at, end: at, text: `${prefix}---\n${randomDocument(random)}`, what: 'add a document' };
    }
    case 'remove-document': {
      if (markers.length === 0) break;
      const at = pick(random, markers);
      const next = markers.find((marker) => marker > at) ?? text.length;
      return { start: at, end: next, text: '', what: 'remove a document' };
    }
    case 'resources': {
      const line = find(/^ {2}- /);
      if (line && relative.endsWith('kustomization.yaml')) return { ...line, text: random() < 0.5 ? '' : `  - ${pick(random, ['deployment.yaml', 'config.yaml', '../base', 'extra.yaml', 'missing.yaml'])}\n`, what: 'edit a kustomization\'s resources' };
      if (relative.endsWith('kustomization.yaml')) return { start: text.length, end: text.length, text: `${text.endsWith('\n') ? '' : '\n'}resources:\n  - config.yaml\n`, what: 'add resources' };
      break;
    }
    case 'kustomization': {
      // A kustomization pasted over: other resources, namespace, namePrefix, images.
      if (relative.endsWith('kustomization.yaml')) return { start: 0, end: text.length, text: kustomization(random, relative.includes('overlay') ? ['../base', 'extra.yaml', 'missing.yaml'] : ['deployment.yaml', 'config.yaml']), what: 'rewrite a kustomization' };
      break;
    }
    case 'scope': {
      const line = find(/^ {2}scope: /);
      if (line) return { ...line, text: `  scope: ${pick(random, ['Cluster', 'Namespaced'])}\n`, what: 'change a CRD\'s scope' };
      break;
    }
    case 'kind': {
      const line = find(/^kind: /);
      if (line) return { ...line, text: `kind: ${pick(random, kinds)}\n`, what: 'rename a kind' };
      break;
    }
    case 'break': {
      const line = lineAt(Math.floor(random() * starts.length));
      return { start: line.start, end: line.start, text: pick(random, broken), what: 'break the YAML' };
    }
    case 'comment-line': {
      const line = lineAt(Math.floor(random() * starts.length));
      return { start: line.start, end: line.start, text: random() < 0.3 ? '# gitops-workbench-disable-next-line\n' : '# a comment\n', what: 'insert a comment line' };
    }
    case 'delete-line': {
      const line = lineAt(Math.floor(random() * starts.length));
      return { ...line, text: '', what: 'delete a line' };
    }
    case 'type': {
      const at = Math.floor(random() * (text.length + 1));
      return { start: at, end: at, text: pick(random, ['a', ':', ' ', '-', '\n', '#', '---\n', '\r\n', 'é', '😀']), what: 'type' };
    }
    case 'span': {
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(random() * 400));
      return { start, end, text: random() < 0.5 ? '' : randomDocument(random), what: 'replace a stretch' };
    }
    case 'undo': {
      if (history.length === 0) break;
      const earlier = pick(random, history);
      let start = 0;
      while (start < text.length && start < earlier.length && text[start] === earlier[start]) start++;
      let tail = 0;
      while (tail < text.length - start && tail < earlier.length - start && text[text.length - 1 - tail] === earlier[earlier.length - 1 - tail]) tail++;
      return { start, end: text.length - tail, text: earlier.slice(start, earlier.length - tail), what: 'undo' };
    }
    case 'crlf-line': {
      const line = find(/\n$/);
      if (line) return { start: line.end - 1, end: line.end, text: '\r\n', what: 'make a line CRLF' };
      break;
    }
  }
  return { start: text.length, end: text.length, text: '\n', what: 'add a line break' };
}

function initialFiles(random: Random): Map<string, string> {
  const documents = (count: number): string => Array.from({ length: count }, () => randomDocument(random)).join('---\n');
  return new Map([
    ['apps/base/kustomization.yaml', kustomization(random, ['deployment.yaml', 'config.yaml'])],
    ['apps/base/deployment.yaml', documents(3)],
    ['apps/base/config.yaml', documents(2)],
    ['apps/overlay/kustomization.yaml', kustomization(random, ['../base', 'extra.yaml'])],
    ['apps/overlay/extra.yaml', documents(3)],
    ['clusters/flux.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: repo, namespace: flux-system}\nspec: {url: "https://example.com/r.git", interval: 1m}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  interval: 1m\n  path: ./plain\n  sourceRef: {kind: GitRepository, name: repo}\n'],
    ['plain/big.yaml', documents(30)],
    ['plain/small.yaml', documents(2)],
  ]);
}

function replay(seed: number, steps: number): void {
  const random = seededRandom(seed);
  const texts = new Map<string, string>();
  const histories = new Map<string, string[]>();
  const repo = memoryRepo(() => texts.keys());
  const rules = [flagRule(), schemaRule, ...gitopsRules];
  const incremental = new WorkspaceValidator({ repo, schemas: stubSchemas(), options: defaultValidationOptions(), rules });
  for (const [relative, text] of initialFiles(random)) {
    texts.set(repoFile(relative), text);
    incremental.setFile({ file: repoFile(relative), text });
  }
  incremental.validate();
  for (let step = 0; step < steps; step++) {
    const file = pick(random, [...texts.keys()]);
    const relative = file.slice(repoFile('').length);
    const previousText = texts.get(file) as string;
    let description: string;
    if (random() < 0.04) {
      // Now and then the editor sends the whole text (a file opened again).
      incremental.setFile({ file, text: previousText });
      description = `set ${relative} whole`;
    } else {
      const edit = randomEdit(random, relative, previousText, histories.get(file) ?? []);
      const text = previousText.slice(0, edit.start) + edit.text + previousText.slice(edit.end);
      const change: TextChange = { previousText, start: edit.start, previousEnd: edit.end, text: edit.text };
      texts.set(file, text);
      histories.set(file, [...(histories.get(file) ?? []).slice(-5), previousText]);
      incremental.setFile({ file, text, change });
      description = `${edit.what} in ${relative} at ${edit.start}..${edit.end}: ${JSON.stringify(edit.text)}`;
    }
    // Several edits often come before one validation (the server debounces).
    if (random() < 0.3 && step + 1 < steps) continue;
    const fresh = new WorkspaceValidator({ repo, schemas: stubSchemas(), options: defaultValidationOptions(), rules });
    for (const [name, content] of texts) fresh.setFile({ file: name, text: content });
    const expected = snapshot(fresh.validate());
    const actual = snapshot(incremental.validate());
    if (JSON.stringify(actual) !== JSON.stringify(expected)) assert.deepEqual(actual, expected, `seed ${seed}, step ${step} (${description}): incremental and fresh findings differ`);
    for (const name of texts.keys()) {
      const documents = (validator: WorkspaceValidator): unknown => validator.documentsOf(name).map((document) => [document.index, document.startLine, document.source.startLine, document.source.text, document.value]);
      assert.deepEqual(documents(incremental), documents(fresh), `seed ${seed}, step ${step} (${description}): documents of ${name} differ`);
    }
  }
}

for (const seed of [7, 1234, 98765]) {
  test(`random editor edits (seed ${seed}): findings after every edit equal a fresh validator's`, () => replay(seed, 250));
}
