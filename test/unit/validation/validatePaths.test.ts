import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { PathNotFoundError, validatePaths } from '../../../server/src/engine/validation/validatePaths';

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-validate-paths-')));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function writeTree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  fs.mkdirSync(root, { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

const deployment = (name: string, configMap: string, image = 'nginx:1.27'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: main\n          image: ${image}\n          resources: {requests: {cpu: 10m, memory: 8Mi}, limits: {cpu: 10m, memory: 8Mi}}\n          envFrom:\n            - configMapRef: {name: ${configMap}}\n`;
const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {a: b}\n`;

const repository = writeTree('repository', {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.gitignore': 'ignored/\n',
  '.gitops-workbench.yaml': 'rules:\n  image-latest: error\n',
  'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n  - ../shared/settings.yaml\n',
  'apps/web.yaml': deployment('web', 'settings', 'nginx:latest'),
  // A sibling whose name starts with "apps": not inside apps/.
  'apps-old/web.yaml': 'a: 1\na: 2\n',
  'shared/settings.yaml': configMap('settings'),
  'other/broken.yaml': 'a: 1\na: 2\n',
  'other/api.yaml': `${deployment('api', 'nowhere')}---\n${configMap('api')}`,
  'ignored/bad.yaml': 'a: 1\na: 2\n',
  'charts/c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
  'charts/c/templates/t.yaml': '{{ .Values.x }}: [\n',
});

/** seen shows findings as "file:line rule severity". */
function seen(root: string, findings: ReturnType<typeof validatePaths>['findings']): string[] {
  return findings.map((finding) => `${path.relative(root, finding.file)}:${finding.range.start.line} ${finding.rule} ${finding.severity}`);
}

describe('validatePaths', () => {
  test('the whole repository: every manifest but ignored files and chart templates', () => {
    const result = validatePaths({ paths: [], cwd: repository, options: defaultValidationOptions() });
    assert.equal(result.root, repository);
    assert.deepEqual(seen(repository, result.findings), [
      'apps-old/web.yaml:1 yaml-syntax error',
      'apps/web.yaml:10 image-latest error',
      'other/api.yaml:13 ref-missing warning',
      'other/broken.yaml:1 yaml-syntax error',
    ]);
  });

  test('only the requested paths are reported, but references resolve across the whole repository', () => {
    const result = validatePaths({ paths: ['apps'], cwd: repository, options: defaultValidationOptions() });
    assert.deepEqual(seen(repository, result.findings), ['apps/web.yaml:10 image-latest error'], 'settings in shared/ is found');
    assert.equal(result.resources, 2, 'the kustomization and the Deployment');
    for (const written of ['apps/', './apps', `${repository}/other/../apps`]) {
      assert.deepEqual(seen(repository, validatePaths({ paths: [written], cwd: repository, options: defaultValidationOptions() }).findings), ['apps/web.yaml:10 image-latest error'], written);
    }
    const one = validatePaths({ paths: ['other/api.yaml'], cwd: repository, options: defaultValidationOptions() });
    assert.deepEqual(seen(repository, one.findings), ['other/api.yaml:13 ref-missing warning']);
    assert.equal(one.resources, 2);
  });

  test('the repository config sets severities; a file named explicitly is validated even if ignored', () => {
    const result = validatePaths({ paths: ['ignored/bad.yaml', 'apps/web.yaml'], cwd: repository, options: { ...defaultValidationOptions(), ruleSettings: { 'image-latest': 'info' } } });
    assert.deepEqual(seen(repository, result.findings), ['apps/web.yaml:10 image-latest error', 'ignored/bad.yaml:1 yaml-syntax error']);
  });

  test('a path that does not exist is an error naming it', () => {
    assert.throws(() => validatePaths({ paths: ['nope'], cwd: repository, options: defaultValidationOptions() }), (error: unknown) => error instanceof PathNotFoundError && error.code === 'PathNotFound' && error.missingPath === path.join(repository, 'nope'));
  });

  test('outside a git repository the folder given is the root', () => {
    const folder = writeTree('no-git', { 'a/x.yaml': configMap('x'), 'b/y.yaml': 'a: 1\na: 2\n' });
    const result = validatePaths({ paths: ['a', 'b/y.yaml'], cwd: folder, options: defaultValidationOptions() });
    assert.equal(result.root, folder);
    assert.deepEqual(seen(folder, result.findings), ['b/y.yaml:1 yaml-syntax error']);
  });
});
