import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import type { Finding } from '../../../server/src/engine/validation/Finding';
import type { DocumentRule, EnvironmentRule, Rule } from '../../../server/src/engine/validation/Rule';
import { allRules } from '../../../server/src/engine/validation/ruleCatalog';
import { defaultValidationOptions, type ValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../../../server/src/engine/validation/WorkspaceValidator';
import { brief, flagRule, memoryRepo, repoFile, stubSchemas } from './validatorHarness';

function validatorWith(rules: readonly Rule[], options: Partial<ValidationOptions> = {}, schemas = stubSchemas()): { validator: WorkspaceValidator; findings(relative: string): string[]; all(relative: string): Finding[] } {
  const known: string[] = [];
  const validator = new WorkspaceValidator({ repo: memoryRepo(() => known), schemas, options: { ...defaultValidationOptions(), ...options }, rules });
  const originalSetFile = validator.setFile.bind(validator);
  validator.setFile = (args) => {
    if (!known.includes(args.file)) known.push(args.file);
    originalSetFile(args);
  };
  const all = (relative: string): Finding[] => validator.validate().findingsByFile.get(repoFile(relative)) ?? [];
  return { validator, all, findings: (relative) => brief(all(relative)) };
}

const flagged = (flag: string, name = 'x'): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {flag: ${flag}}\n`;

describe('WorkspaceValidator: severities', () => {
  test('a rule\'s default severity applies; a finding that chose its own keeps it', () => {
    const { validator, findings } = validatorWith([flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: [flagged('bad', 'a'), flagged('soft', 'b')].join('---\n') });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:4:17 flag warning flag is bad', 'a.yaml:10:17 flag info flag is soft']);
  });

  test('editor settings change the severity; the repository config wins over them', () => {
    const { validator, findings } = validatorWith([flagRule()], { ruleSettings: { flag: 'error' } });
    validator.setFile({ file: repoFile('a.yaml'), text: [flagged('bad'), flagged('soft', 'y')].join('---\n') });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:4:17 flag error flag is bad', 'a.yaml:10:17 flag info flag is soft']);
    validator.setRepoRuleSettings({ flag: 'info' });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:4:17 flag info flag is bad', 'a.yaml:10:17 flag info flag is soft']);
    validator.setRepoRuleSettings({});
    assert.deepEqual(findings('a.yaml'), ['a.yaml:4:17 flag error flag is bad', 'a.yaml:10:17 flag info flag is soft']);
  });

  test('`off` drops every finding of the rule, even those with their own severity', () => {
    const { validator, findings } = validatorWith([flagRule()], { ruleSettings: { flag: 'error' } });
    validator.setFile({ file: repoFile('a.yaml'), text: [flagged('bad'), flagged('soft', 'y')].join('---\n') });
    validator.setRepoRuleSettings({ flag: 'off' });
    assert.deepEqual(findings('a.yaml'), []);
    const editorOff = validatorWith([flagRule()], { ruleSettings: { flag: 'off' } });
    editorOff.validator.setFile({ file: repoFile('a.yaml'), text: flagged('bad') });
    assert.deepEqual(editorOff.findings('a.yaml'), []);
    editorOff.validator.setRepoRuleSettings({ flag: 'warning' });
    assert.deepEqual(editorOff.findings('a.yaml'), ['a.yaml:4:17 flag warning flag is bad'], 'the repository turns it back on');
  });

  test('`yaml-syntax: off` drops parser and decoding findings', () => {
    const { validator, findings } = validatorWith([flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: 'a: 1\na: 2\n' });
    validator.setFileBytes({ file: repoFile('b.yaml'), bytes: Buffer.from([0x61, 0x3a, 0x20, 0xff]) });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:1:0 yaml-syntax error Map keys must be unique']);
    assert.deepEqual(findings('b.yaml'), ['b.yaml:0:0 yaml-syntax error file is not valid UTF-8 (first invalid byte at offset 3); YAML files must be UTF-8']);
    validator.setRepoRuleSettings({ 'yaml-syntax': 'off' });
    assert.deepEqual(findings('a.yaml'), []);
    assert.deepEqual(findings('b.yaml'), []);
  });
});

describe('WorkspaceValidator: suppression comments', () => {
  const cases: Array<[string, string, boolean]> = [
    ['all rules', '# gitops-workbench-disable-next-line', true],
    ['the rule by id', '# gitops-workbench-disable-next-line flag', true],
    ['a list with commas and a reason', '# gitops-workbench-disable-next-line other, flag -- known, tracked in #12', true],
    ['another rule only', '# gitops-workbench-disable-next-line image-latest', false],
    ['only a reason (no ids): all rules', '# gitops-workbench-disable-next-line -- flag is fine here', true],
    ['no space after #', '#gitops-workbench-disable-next-line flag', true],
    ['a longer directive name', '# gitops-workbench-disable-next-lines flag', false],
    ['a directive with a suffix', '# gitops-workbench-disable-next-line-flag', false],
  ];
  for (const [name, comment, suppressed] of cases) {
    test(`${name}: ${suppressed ? 'suppressed' : 'kept'}`, () => {
      const { validator, findings } = validatorWith([flagRule()]);
      validator.setFile({ file: repoFile('a.yaml'), text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  ${comment}\n  labels: {flag: bad}\n` });
      assert.deepEqual(findings('a.yaml'), suppressed ? [] : ['a.yaml:5:17 flag warning flag is bad']);
    });
  }

  test('only the next line; CRLF files; a comment after content counts too', () => {
    const { validator, findings } = validatorWith([flagRule()]);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  # gitops-workbench-disable-next-line flag\n  name: x\n  labels: {flag: bad}\n`;
    validator.setFile({ file: repoFile('a.yaml'), text });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:5:17 flag warning flag is bad'], 'two lines above is too far');
    validator.setFile({ file: repoFile('a.yaml'), text: text.replace('  name: x\n', '').replace('metadata:\n', 'metadata:\n  name: x\n').replace(/\n/g, '\r\n') });
    assert.deepEqual(findings('a.yaml'), [], 'CRLF');
    validator.setFile({ file: repoFile('a.yaml'), text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x # gitops-workbench-disable-next-line\n  labels: {flag: bad}\n` });
    assert.deepEqual(findings('a.yaml'), []);
  });

  test('suppression comments apply to syntax findings too, and to documents after the first', () => {
    const { validator, findings } = validatorWith([flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: `${flagged('ok')}---\na: 1\n# gitops-workbench-disable-next-line yaml-syntax\na: 2\n---\n${flagged('bad')}` });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:14:17 flag warning flag is bad']);
  });
});

describe('WorkspaceValidator: one finding per place, in order', () => {
  test('identical findings (rule, start, message) are folded; different messages at one place are not', () => {
    const twice: DocumentRule = {
      id: 'twice', defaultSeverity: 'warning', description: 'Test rule.', scope: 'document',
      check: () => [{ path: ['kind'], message: 'same' }, { path: ['kind'], message: 'same' }, { path: ['kind'], message: 'other' }],
    };
    const { validator, findings } = validatorWith([twice]);
    validator.setFile({ file: repoFile('a.yaml'), text: 'apiVersion: v1\nkind: ConfigMap\n' });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:1:6 twice warning other', 'a.yaml:1:6 twice warning same']);
  });

  test('findings are sorted by line, character, rule, then message', () => {
    const many: DocumentRule = {
      id: 'b-rule', defaultSeverity: 'warning', description: 'Test rule.', scope: 'document',
      check: () => [{ path: ['metadata', 'name'], message: 'z' }, { path: ['kind'], message: 'y' }, { path: ['kind'], target: 'key', message: 'x' }],
    };
    const other: DocumentRule = { ...many, id: 'a-rule', check: () => [{ path: ['kind'], message: 'w' }] };
    const { validator, findings } = validatorWith([many, other]);
    validator.setFile({ file: repoFile('a.yaml'), text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n' });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:1:0 b-rule warning x', 'a.yaml:1:6 a-rule warning w', 'a.yaml:1:6 b-rule warning y', 'a.yaml:2:17 b-rule warning z']);
  });

  test('a fix comes with the range of the value it replaces', () => {
    const { validator, all } = validatorWith([flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: flagged('bad') });
    assert.deepEqual(all('a.yaml')[0].fix, { title: 'Make it good', edits: [{ range: { start: { line: 4, character: 17 }, end: { line: 4, character: 20 } }, newText: 'good' }] });
  });
});

describe('WorkspaceValidator: robustness', () => {
  test('a rule that throws does not take validation down; the failure goes to stderr', (t) => {
    const written: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const throwing: DocumentRule = { id: 'throws', defaultSeverity: 'error', description: 'Test rule.', scope: 'document', check: () => { throw new Error('boom'); } };
    const throwingScope: EnvironmentRule = { id: 'throws-too', defaultSeverity: 'error', description: 'Test rule.', scope: 'environment', check: () => { throw new TypeError('bang'); } };
    const { validator, findings } = validatorWith([throwing, throwingScope, flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: flagged('bad') });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:4:17 flag warning flag is bad']);
    t.mock.restoreAll();
    assert.ok(written.some((line) => line.startsWith('gitops-workbench: rule throws failed: Error: boom')), written.join(''));
    assert.ok(written.some((line) => line.startsWith('gitops-workbench: rule throws-too failed: TypeError: bang')), written.join(''));
  });

  test('files that cannot be decoded get one finding, and parse normally once fixed', () => {
    const { validator, findings } = validatorWith([flagRule()], { maxFileSize: 2048 });
    validator.setFileBytes({ file: repoFile('a.yaml'), bytes: Buffer.from([0x61, 0x00]) });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:0:0 yaml-syntax warning file looks binary (it contains NUL bytes); not validated']);
    assert.deepEqual(validator.documentsOf(repoFile('a.yaml')), []);
    validator.setFileBytes({ file: repoFile('a.yaml'), bytes: Buffer.from(`\uFEFF${flagged('bad')}`) });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:0:0 yaml-syntax info file starts with a UTF-8 byte order mark; it is ignored here, but some tools reject it', 'a.yaml:4:17 flag warning flag is bad']);
    validator.setFile({ file: repoFile('a.yaml'), text: `# ${'é'.repeat(1100)}\n${flagged('bad')}` });
    assert.deepEqual(findings('a.yaml'), ['a.yaml:0:0 yaml-syntax warning file is 2.2 KB, over the 2.0 KB size limit (setting gitopsWorkbench.maxFileSize); not validated']);
  });

  test('a removed file has no findings and no documents', () => {
    const { validator } = validatorWith([flagRule()]);
    validator.setFile({ file: repoFile('a.yaml'), text: flagged('bad') });
    validator.removeFile(repoFile('a.yaml'));
    assert.deepEqual([...validator.validate().findingsByFile.keys()], []);
    assert.equal(validator.allDocuments().length, 0);
  });
});

describe('WorkspaceValidator: workspace CRDs and kustomize patches (real schemas)', () => {
  const crd = (properties: string): string => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.org}\nspec:\n  group: example.org\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n${properties}`;
  const size = '                size: {type: integer, minimum: 1}\n';
  const color = '                color: {type: string}\n';
  const widget = 'apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 0\n  color: red\n';

  test('adding, changing and removing a CRD re-validates its custom resources', () => {
    const { validator, findings } = validatorWith(allRules, {}, createSchemaRegistry());
    validator.setFile({ file: repoFile('widgets/widget.yaml'), text: widget });
    assert.deepEqual(findings('widgets/widget.yaml'), ['widgets/widget.yaml:1:6 schema info no schema for example.org/v1 Widget']);

    validator.setFile({ file: repoFile('crds/widget.yaml'), text: crd(size) });
    assert.deepEqual(findings('widgets/widget.yaml'), [
      'widgets/widget.yaml:4:8 schema error spec.size: must be >= 1, got integer 0',
      'widgets/widget.yaml:5:2 schema error unknown field "color" in spec',
    ]);

    validator.setFile({ file: repoFile('crds/widget.yaml'), text: crd(size + color) });
    assert.deepEqual(findings('widgets/widget.yaml'), ['widgets/widget.yaml:4:8 schema error spec.size: must be >= 1, got integer 0']);

    validator.removeFile(repoFile('crds/widget.yaml'));
    assert.deepEqual(findings('widgets/widget.yaml'), ['widgets/widget.yaml:1:6 schema info no schema for example.org/v1 Widget']);
  });

  test('a file that stops being a CRD takes its schema away', () => {
    const { validator, findings } = validatorWith(allRules, {}, createSchemaRegistry());
    validator.setFile({ file: repoFile('widgets/widget.yaml'), text: widget });
    validator.setFile({ file: repoFile('crds/widget.yaml'), text: crd(size + color) });
    assert.equal(findings('widgets/widget.yaml').length, 1);
    validator.setFile({ file: repoFile('crds/widget.yaml'), text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: was-a-crd}\n' });
    assert.deepEqual(findings('widgets/widget.yaml'), ['widgets/widget.yaml:1:6 schema info no schema for example.org/v1 Widget']);
  });

  test('a kustomize patch file is checked partially: unknown fields yes, missing required fields no', () => {
    const { validator, findings } = validatorWith(allRules, {}, createSchemaRegistry());
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicaz: 3\n';
    validator.setFile({ file: repoFile('app/patch.yaml'), text: patch });
    const whole = findings('app/patch.yaml');
    assert.ok(whole.includes('app/patch.yaml:3:0 schema error missing required field "selector" in spec'), whole.join('\n'));
    validator.setFile({ file: repoFile('app/kustomization.yaml'), text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n' });
    assert.deepEqual(findings('app/patch.yaml'), ['app/patch.yaml:4:2 schema error unknown field "replicaz" in spec (did you mean "replicas"?)']);
    validator.setFile({ file: repoFile('app/kustomization.yaml'), text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' });
    assert.deepEqual(findings('app/patch.yaml'), whole, 'no longer a patch: checked whole again');
  });
});
