import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCliProcess } from '../support/runCliProcess';
import { writeFixtureRepo } from '../support/writeFixtureRepo';

const cleanDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 200m, memory: 128Mi }
`;
const cleanService = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: web }
  ports:
    - port: 80
      targetPort: 8080
`;

interface JsonFinding { file: string; line: number; column: number; severity: string; rule: string; message: string }

function json(stdout: string): { resources: number; findings: JsonFinding[] } {
  return JSON.parse(stdout) as { resources: number; findings: JsonFinding[] };
}

test('a clean repository validates with exit 0 and no findings', () => {
  const root = writeFixtureRepo({ 'apps/web.yaml': `${cleanDeployment}---\n${cleanService}` });
  const run = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  assert.deepEqual(json(run.stdout), { resources: 2, findings: [] });
});

test('an injected schema error is the only finding, at its 1-based line and column, exit 1', () => {
  const root = writeFixtureRepo({
    'apps/web.yaml': `${cleanDeployment}---\n${cleanService}`,
    'apps/broken.yaml': cleanDeployment.replace('name: web\n  namespace', 'name: api\n  namespace').replace('  replicas: 2', '  replicas: two'),
  });
  const run = runCliProcess({ argv: ['validate', 'apps', '--format', 'json'], cwd: root });
  assert.equal(run.status, 1, run.stderr);
  const output = json(run.stdout);
  assert.equal(output.resources, 3);
  assert.equal(output.findings.length, 1, run.stdout);
  const [finding] = output.findings;
  assert.deepEqual([finding.file, finding.line, finding.column, finding.severity, finding.rule], ['apps/broken.yaml', 7, 13, 'error', 'schema']);
  assert.equal(finding.message, 'spec.replicas: expected integer, got string "two"');
});

test('paths in the output are relative to the current directory', () => {
  const root = writeFixtureRepo({ 'apps/prod/web.yaml': cleanDeployment.replace('nginx:1.27.0', 'nginx') });
  const run = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: path.join(root, 'apps') });
  assert.equal(run.status, 0, run.stderr);
  const output = json(run.stdout);
  assert.deepEqual(output.findings.map((finding) => [finding.file, finding.rule, finding.severity]), [['prod/web.yaml', 'image-latest', 'warning']]);
});

test('.gitignore is honoured and explicit files are always validated', () => {
  const root = writeFixtureRepo({
    '.gitignore': 'generated/\n',
    'generated/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\nbogus: true\n',
    'apps/web.yaml': cleanDeployment,
  });
  const all = json(runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root }).stdout);
  assert.equal(all.resources, 1);
  assert.deepEqual(all.findings, []);
  const explicit = runCliProcess({ argv: ['validate', 'generated/broken.yaml', '--format', 'json'], cwd: root });
  assert.equal(explicit.status, 1);
  assert.deepEqual(json(explicit.stdout).findings.map((finding) => [finding.rule, finding.line]), [['schema', 4]]);
});

test('SARIF output is SARIF 2.1.0 with rules, levels and repository-relative locations', () => {
  const root = writeFixtureRepo({ 'apps/web.yaml': cleanDeployment.replace('nginx:1.27.0', 'nginx:latest') });
  const run = runCliProcess({ argv: ['validate', '--format', 'sarif'], cwd: root });
  assert.equal(run.status, 0);
  const sarif = JSON.parse(run.stdout);
  assert.equal(sarif.version, '2.1.0');
  const [sarifRun] = sarif.runs;
  assert.equal(sarifRun.tool.driver.name, 'gitops-workbench');
  const ruleIds: string[] = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
  for (const id of ['yaml-syntax', 'schema', 'image-latest', 'secret-plaintext', 'flux-dependency-cycle']) assert.ok(ruleIds.includes(id), id);
  assert.equal(sarifRun.results.length, 1);
  const [result] = sarifRun.results;
  assert.equal(result.ruleId, 'image-latest');
  assert.equal(result.level, 'warning');
  assert.equal(ruleIds[result.ruleIndex], 'image-latest');
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'apps/web.yaml', uriBaseId: '%SRCROOT%' });
  assert.equal(result.locations[0].physicalLocation.region.startLine, 16);
});

test('usage errors exit 2 with a message', () => {
  const root = writeFixtureRepo({ 'a.yaml': cleanService });
  const badFormat = runCliProcess({ argv: ['validate', '--format', 'xml'], cwd: root });
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--format must be one of text, json, sarif/);
  const missing = runCliProcess({ argv: ['validate', 'nope'], cwd: root });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file or directory/);
  const unknown = runCliProcess({ argv: ['frobnicate'], cwd: root });
  assert.equal(unknown.status, 2);
});

test('rule severities come from .gitops-workbench.yaml and suppression comments silence one line', () => {
  const root = writeFixtureRepo({
    '.gitops-workbench.yaml': 'rules:\n  image-latest: error\n  resources-missing: "off"\n',
    'apps/web.yaml': cleanDeployment.replace('nginx:1.27.0', 'nginx'),
    'apps/other.yaml': cleanDeployment.replace('name: web\n  namespace', 'name: other\n  namespace').replace('          image: nginx:1.27.0', '          # gitops-workbench-disable-next-line image-latest -- pinned by digest at deploy time\n          image: nginx'),
  });
  const run = runCliProcess({ argv: ['validate', 'apps', '--format', 'json'], cwd: root });
  assert.equal(run.status, 1, run.stdout);
  const findings = json(run.stdout).findings;
  assert.deepEqual(findings.map((finding) => [finding.file, finding.rule, finding.severity]), [['apps/web.yaml', 'image-latest', 'error']]);
});

test('the target Kubernetes version changes api-removed verdicts', () => {
  const root = writeFixtureRepo({ 'hpa.yaml': 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  maxReplicas: 3\n' });
  const current = json(runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root }).stdout).findings.map((finding) => finding.rule);
  assert.ok(current.includes('api-removed'), current.join());
  const deprecated = json(runCliProcess({ argv: ['validate', '--format', 'json', '--kubernetes-version', '1.23'], cwd: root }).stdout).findings.map((finding) => finding.rule);
  assert.ok(!deprecated.includes('api-removed') && deprecated.includes('api-deprecated'), deprecated.join());
  const supported = json(runCliProcess({ argv: ['validate', '--format', 'json', '--kubernetes-version', '1.22'], cwd: root }).stdout).findings.map((finding) => finding.rule);
  assert.ok(!supported.includes('api-removed') && !supported.includes('api-deprecated'), supported.join());
});

test('validation works with no network at all (unshare -n)', { skip: !canUnshare() && !process.env.CI && 'unshare -n is not permitted here' }, () => {
  const root = writeFixtureRepo({ 'apps/web.yaml': `${cleanDeployment}---\n${cleanService}`, 'apps/broken.yaml': cleanService.replace('name: web', 'name: web-canary').replace('targetPort', 'targetPorts') });
  const offline = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root, wrapper: ['unshare', '-n'] });
  const online = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root });
  assert.equal(offline.status, 1, offline.stderr);
  assert.equal(offline.stdout, online.stdout);
  assert.deepEqual(json(offline.stdout).findings.map((finding) => finding.rule), ['schema']);
});

function canUnshare(): boolean {
  try {
    return require('node:child_process').spawnSync('unshare', ['-n', 'true']).status === 0;
  } catch {
    return false;
  }
}

test('text output lists findings compiler-style with a summary', () => {
  const root = writeFixtureRepo({ 'web.yaml': cleanDeployment.replace('nginx:1.27.0', 'nginx') });
  const run = runCliProcess({ argv: ['validate'], cwd: root });
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^web\.yaml:16:18: warning image-latest: /m);
  assert.match(run.stdout, /1 resources validated: 0 errors, 1 warnings, 0 infos/);
  fs.rmSync(root, { recursive: true, force: true });
});

test('kustomize patch files are partial objects: no missing-field errors, but unknown fields still count', () => {
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 5\n';
  const root = writeFixtureRepo({
    'base/web.yaml': cleanDeployment,
    'base/kustomization.yaml': 'resources:\n  - web.yaml\n',
    'overlays/production/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n',
    'overlays/production/replicas.yaml': patch,
  });
  const clean = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root });
  assert.equal(clean.status, 0, clean.stdout);
  assert.deepEqual(json(clean.stdout).findings, []);
  fs.writeFileSync(path.join(root, 'overlays/production/replicas.yaml'), patch.replace('replicas: 5', 'replicaz: 5'));
  const broken = json(runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root }).stdout);
  assert.deepEqual(broken.findings.map((finding) => [finding.file, finding.line, finding.rule]), [['overlays/production/replicas.yaml', 7, 'schema']]);
  // The same object outside a kustomization's patches is a whole manifest and misses required fields.
  fs.writeFileSync(path.join(root, 'overlays/production/kustomization.yaml'), 'resources:\n  - ../../base\n');
  fs.writeFileSync(path.join(root, 'overlays/production/replicas.yaml'), patch);
  const whole = json(runCliProcess({ argv: ['validate', 'overlays', '--format', 'json'], cwd: root }).stdout);
  assert.ok(whole.findings.some((finding) => finding.rule === 'schema' && /missing required field "selector"/.test(finding.message)), JSON.stringify(whole.findings));
});

test('a yaml-syntax severity from the repository config applies to syntax errors', () => {
  const root = writeFixtureRepo({
    '.gitops-workbench.yaml': 'rules:\n  yaml-syntax: warning\n',
    'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
  });
  const run = runCliProcess({ argv: ['validate', '--format', 'json'], cwd: root });
  assert.equal(run.status, 0, run.stdout);
  assert.deepEqual(json(run.stdout).findings.map((finding) => [finding.rule, finding.severity, finding.line]), [['yaml-syntax', 'warning', 5]]);
});
