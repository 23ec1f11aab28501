import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import type { Rule } from '../../../server/src/engine/validation/Rule';
import { gitopsRules } from '../../../server/src/engine/validation/rules/allRules';
import { WorkspaceValidator } from '../../../server/src/engine/validation/WorkspaceValidator';
import { brief, flagRule, memoryRepo, repoFile, repositoryCounter, scopeCounter, snapshot, stubSchemas } from './validatorHarness';

function configMap(index: number, flag = 'ok'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${index}\n  labels: {flag: ${flag}}\ndata: {n: "${index}"}\n`;
}

function configMaps(count: number, flags: Record<number, string> = {}): string[] {
  return Array.from({ length: count }, (_, index) => configMap(index, flags[index]));
}

/** setup makes a validator over in-memory files, and a function that validates the same files from scratch. */
function setup(rules: readonly Rule[]): { validator: WorkspaceValidator; files: Map<string, string>; set(relative: string, text: string): void; fresh(): WorkspaceValidator } {
  const files = new Map<string, string>();
  const repo = memoryRepo(() => files.keys());
  const validator = new WorkspaceValidator({ repo, schemas: stubSchemas(), options: defaultValidationOptions(), rules });
  return {
    validator,
    files,
    set(relative, text) {
      files.set(repoFile(relative), text);
      validator.setFile({ file: repoFile(relative), text });
    },
    fresh() {
      const scratch = new WorkspaceValidator({ repo, schemas: stubSchemas(), options: defaultValidationOptions(), rules });
      for (const [file, text] of files) scratch.setFile({ file, text });
      return scratch;
    },
  };
}

describe('WorkspaceValidator: document rules re-run only where the text changed', () => {
  test('editing one document of a 200-document file re-runs the rules of that document only', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    const documents = configMaps(200);
    workspace.set('big.yaml', documents.join('---\n'));
    assert.deepEqual(brief(workspace.validator.validate().findingsByFile.get(repoFile('big.yaml')) ?? []), []);
    assert.equal(flag.calls.length, 200);

    flag.calls.length = 0;
    documents[137] = configMap(137, 'bad');
    workspace.set('big.yaml', documents.join('---\n'));
    const result = workspace.validator.validate();
    assert.deepEqual(flag.calls, ['big.yaml:cm-137']);
    // Document 137 starts on line 137 * 7; its labels are on the document's fifth line.
    assert.deepEqual(brief(result.findingsByFile.get(repoFile('big.yaml')) ?? []), [`big.yaml:${137 * 7 + 4}:17 flag warning flag is bad`]);
    assert.deepEqual(snapshot(result), snapshot(workspace.fresh().validate()));
  });

  test('the same text again, or validating twice, runs nothing', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    const text = configMaps(20).join('---\n');
    workspace.set('a.yaml', text);
    workspace.validator.validate();
    flag.calls.length = 0;
    workspace.validator.validate();
    workspace.set('a.yaml', text);
    workspace.validator.validate();
    assert.deepEqual(flag.calls, []);
  });

  test('inserting a document above others re-runs only the new one; the others\' findings move with them', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    const documents = configMaps(30, { 10: 'bad', 20: 'bad' });
    workspace.set('a.yaml', documents.join('---\n'));
    workspace.validator.validate();
    flag.calls.length = 0;
    workspace.set('a.yaml', [`# a new header\n${configMap(99)}`, ...documents].join('---\n'));
    const result = workspace.validator.validate();
    assert.deepEqual(flag.calls, ['a.yaml:cm-99']);
    assert.deepEqual(brief(result.findingsByFile.get(repoFile('a.yaml')) ?? []), [`a.yaml:${8 + 10 * 7 + 4}:17 flag warning flag is bad`, `a.yaml:${8 + 20 * 7 + 4}:17 flag warning flag is bad`]);
    assert.deepEqual(snapshot(result), snapshot(workspace.fresh().validate()));
  });

  test('identical documents share one run and each gets its finding', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    workspace.set('twins.yaml', [configMap(1, 'bad'), configMap(1, 'bad'), configMap(2)].join('---\n'));
    const result = workspace.validator.validate();
    assert.deepEqual(flag.calls, ['twins.yaml:cm-1', 'twins.yaml:cm-2']);
    assert.deepEqual(brief(result.findingsByFile.get(repoFile('twins.yaml')) ?? []), ['twins.yaml:4:17 flag warning flag is bad', 'twins.yaml:11:17 flag warning flag is bad']);
  });

  test('new options and a changed repository re-run every document; rule settings re-run nothing', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    workspace.set('a.yaml', configMaps(5, { 3: 'bad' }).join('---\n'));
    workspace.validator.validate();
    flag.calls.length = 0;
    workspace.validator.setOptions({ ...defaultValidationOptions(), kubernetesVersion: '1.30' });
    workspace.validator.validate();
    assert.equal(flag.calls.length, 5);
    flag.calls.length = 0;
    workspace.validator.invalidateRepository();
    workspace.validator.validate();
    assert.equal(flag.calls.length, 5);
    flag.calls.length = 0;
    workspace.validator.setRepoRuleSettings({ flag: 'error' });
    const result = workspace.validator.validate();
    assert.equal(flag.calls.length, 0);
    assert.deepEqual(brief(result.findingsByFile.get(repoFile('a.yaml')) ?? []), ['a.yaml:25:17 flag error flag is bad']);
  });

  test('documents of a file parsed whole are checked again whenever the file changes (their text is the file\'s)', () => {
    const flag = flagRule();
    const workspace = setup([flag]);
    const text = `%YAML 1.2\n---\n${configMaps(3, { 1: 'bad' }).join('---\n')}`;
    workspace.set('whole.yaml', text);
    const first = workspace.validator.validate();
    assert.equal(flag.calls.length, 3);
    assert.deepEqual(brief(first.findingsByFile.get(repoFile('whole.yaml')) ?? []), ['whole.yaml:13:17 flag warning flag is bad']);
    workspace.validator.validate();
    assert.equal(flag.calls.length, 3, 'nothing changed: the file\'s findings are kept');
    workspace.set('whole.yaml', text);
    assert.deepEqual(snapshot(workspace.validator.validate()), snapshot(first));
    assert.equal(flag.calls.length, 6);
  });

  test('an unchanged broken document is not parsed again when another document changes', async (t) => {
    const parser = await import('../../../server/src/engine/manifests/parseDocumentChunk');
    const parse = t.mock.method(parser, 'parseDocumentChunk');
    const workspace = setup([flagRule()]);
    const documents = [configMap(0), 'broken: 1\nbroken: 2\n', configMap(2)];
    workspace.set('a.yaml', documents.join('---\n'));
    assert.equal(parse.mock.callCount(), 3);
    documents[2] = configMap(2, 'bad');
    workspace.set('a.yaml', documents.join('---\n'));
    assert.equal(parse.mock.callCount(), 4, 'only the edited document was parsed');
    documents[0] = configMap(0, 'bad');
    workspace.set('a.yaml', documents.join('---\n'));
    assert.equal(parse.mock.callCount(), 5, 'the broken document is still cached');
    assert.deepEqual(brief(workspace.validator.validate().findingsByFile.get(repoFile('a.yaml')) ?? []), [
      'a.yaml:4:17 flag warning flag is bad',
      'a.yaml:8:0 yaml-syntax error Map keys must be unique',
      'a.yaml:14:17 flag warning flag is bad',
    ]);
  });
});

describe('WorkspaceValidator: cross-file rules re-run per changed environment', () => {
  test('editing a file re-runs the environment rules of its scope only; repository rules on any change', () => {
    const scopes = scopeCounter();
    const repository = repositoryCounter();
    const workspace = setup([scopes, repository]);
    workspace.set('apps/a/one.yaml', configMap(1));
    workspace.set('apps/b/two.yaml', configMap(2));
    workspace.set('apps/c/three.yaml', configMap(3));
    workspace.validator.validate();
    assert.deepEqual(scopes.calls.sort(), ['directory:apps/a', 'directory:apps/b', 'directory:apps/c']);
    assert.equal(repository.calls, 1);

    scopes.calls.length = 0;
    workspace.validator.validate();
    assert.deepEqual(scopes.calls, []);
    assert.equal(repository.calls, 1, 'nothing changed, nothing re-ran');

    workspace.set('apps/b/two.yaml', configMap(22));
    workspace.validator.validate();
    assert.deepEqual(scopes.calls, ['directory:apps/b']);
    assert.equal(repository.calls, 2);

    scopes.calls.length = 0;
    workspace.validator.removeFile(repoFile('apps/c/three.yaml'));
    workspace.validator.validate();
    assert.deepEqual(scopes.calls, []);
    assert.equal(repository.calls, 3);
  });

  test('editing a base kustomization\'s images or namePrefix re-checks the environments that use it', () => {
    const workspace = setup(gitopsRules);
    const kustomization = (extra: string): string => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - other.yaml\n${extra}`;
    workspace.set('base/kustomization.yaml', kustomization(''));
    workspace.set('base/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n          resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {cpu: 1m, memory: 1Mi}}\n');
    workspace.set('base/other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n');
    workspace.set('overlay/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n  - config.yaml\n');
    workspace.set('overlay/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n');
    const rules = (): string[] => [...workspace.validator.validate().findingsByFile.values()].flat().map((finding) => finding.rule).sort();
    assert.deepEqual(rules(), ['duplicate-resource', 'image-latest']);

    workspace.set('base/kustomization.yaml', kustomization('images:\n  - name: nginx\n    newTag: "1.27"\n'));
    assert.deepEqual(rules(), ['duplicate-resource'], 'the base pins the image: no image-latest');
    workspace.set('base/kustomization.yaml', kustomization('images:\n  - name: nginx\n    newTag: "1.27"\nnamePrefix: base-\n'));
    assert.deepEqual(rules(), [], 'the base prefixes its names: no duplicate any more');
    workspace.set('base/kustomization.yaml', kustomization(''));
    assert.deepEqual(rules(), ['duplicate-resource', 'image-latest']);
    assert.deepEqual(snapshot(workspace.validator.validate()), snapshot(workspace.fresh().validate()));
  });

  test('a Flux Kustomization\'s path decides the environments of files that did not change', () => {
    const workspace = setup(gitopsRules);
    const flux = (path: string): string => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: repo}\nspec: {url: "https://example.com/r.git", interval: 1m}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec: {interval: 1m, path: ${path}, prune: true, sourceRef: {kind: GitRepository, name: repo}}\n`;
    workspace.set('plain/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n');
    workspace.set('plain/sub/b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n');
    const rules = (): string[] => [...workspace.validator.validate().findingsByFile.values()].flat().map((finding) => finding.rule).sort();
    workspace.set('clusters/flux.yaml', flux('./plain'));
    assert.deepEqual(rules(), ['duplicate-resource'], 'one tree holds both');
    workspace.set('clusters/flux.yaml', flux('./plain/sub'));
    assert.deepEqual(rules(), [], 'a.yaml is in its own directory now');
    workspace.set('clusters/flux.yaml', flux('./plain'));
    assert.deepEqual(rules(), ['duplicate-resource']);
    assert.deepEqual(snapshot(workspace.validator.validate()), snapshot(workspace.fresh().validate()));
  });

  test('what an environment\'s kustomization generates or forces re-checks documents that did not change', () => {
    const workspace = setup(gitopsRules);
    const kustomization = (extra: string): string => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.yaml\n${extra}`;
    const app = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {cpu: 1m, memory: 1Mi}}\n          envFrom: [{configMapRef: {name: web-settings}}]\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n',
    ].join('---\n');
    workspace.set('env/app.yaml', app);
    const rules = (): string[] => [...workspace.validator.validate().findingsByFile.values()].flat().map((finding) => finding.rule).sort();
    workspace.set('env/kustomization.yaml', kustomization(''));
    assert.deepEqual(rules(), ['ref-missing']);
    workspace.set('env/kustomization.yaml', kustomization('configMapGenerator:\n  - name: web-settings\n    literals: [a=b]\n'));
    assert.deepEqual(rules(), [], 'the generator defines the ConfigMap');
    workspace.set('env/kustomization.yaml', kustomization('namespace: shop\n'));
    assert.deepEqual(rules(), ['duplicate-resource', 'ref-missing'], 'the namespace puts both ConfigMaps in shop');
    workspace.set('env/kustomization.yaml', kustomization(''));
    assert.deepEqual(rules(), ['ref-missing']);
    assert.deepEqual(snapshot(workspace.validator.validate()), snapshot(workspace.fresh().validate()));
  });
});
