import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import type { DocumentRule } from '../../../server/src/engine/validation/Rule';
import { schemaRule } from '../../../server/src/engine/validation/rules/schema';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';
import { WorkspaceValidator } from '../../../server/src/engine/validation/WorkspaceValidator';
import { memoryRepo, repoFile, snapshot } from './validatorHarness';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/schemas');
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const deployment = (name: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: main, image: "nginx:1.27", bogus: 1}]\n`;
// The same kind name in another group: it has no schema, and its "no schema" finding names the
// versions known for the kind, which the Gadget CRD adds to.
const foreignGadget = 'apiVersion: other.org/v1\nkind: Gadget\nmetadata:\n  name: foreign\n';

/** countingSchemaRule is the schema rule, recording the kind and name of every document it checks. */
function countingSchemaRule(): DocumentRule & { calls: string[] } {
  const calls: string[] = [];
  return { ...schemaRule, calls, check: (args) => (calls.push(`${args.document.identity?.kind}:${args.document.identity?.name}`), schemaRule.check(args)) };
}

/** workspace is a validator over in-memory files with the real registry, and a way to validate the same files from scratch. */
function workspace(args: { incremental: boolean }): { validator: WorkspaceValidator; rule: ReturnType<typeof countingSchemaRule>; set(relative: string, text: string): void; fresh(): ReturnType<WorkspaceValidator['validate']> } {
  const files = new Map<string, string>();
  const repo = memoryRepo(() => files.keys());
  const rule = countingSchemaRule();
  const validator = new WorkspaceValidator({ repo, schemas: createSchemaRegistry(), options: defaultValidationOptions(), rules: [rule], incremental: args.incremental });
  return {
    validator,
    rule,
    set(relative, text) {
      files.set(repoFile(relative), text);
      validator.setFile({ file: repoFile(relative), text });
    },
    fresh() {
      const scratch = new WorkspaceValidator({ repo, schemas: createSchemaRegistry(), options: defaultValidationOptions(), rules: [schemaRule] });
      // The CRD first, so nothing is ever checked without it.
      for (const file of [...files.keys()].sort((a, b) => Number(b.includes('/crds/')) - Number(a.includes('/crds/')))) scratch.setFile({ file, text: files.get(file) as string });
      return scratch.validate();
    },
  };
}

describe('WorkspaceValidator: a workspace CRD re-checks the documents of its kinds only', () => {
  test('one-shot (the CLI), the CRD set after its custom resources: each document is checked once, with the CRD', () => {
    const { validator, rule, set, fresh } = workspace({ incremental: false });
    set('apps/web.yaml', [deployment('a'), deployment('b'), deployment('c')].join('---\n'));
    set('apps/gadgets.yaml', `${fixture('gadget-invalid.yaml')}---\n${foreignGadget}`);
    set('crds/gadget.yaml', fixture('crd-gadget.yaml'));
    const result = validator.validate();
    assert.deepEqual(rule.calls.sort(), ['CustomResourceDefinition:gadgets.example.org', 'Deployment:a', 'Deployment:b', 'Deployment:c', 'Gadget:foreign', 'Gadget:thing']);
    assert.deepEqual(snapshot(result), snapshot(fresh()));
    const messages = (result.findingsByFile.get(repoFile('apps/gadgets.yaml')) ?? []).map((finding) => finding.message);
    assert.ok(messages.some((message) => /mode/.test(message)), `the CRD's enum error: ${messages.join(' | ')}`);
    assert.ok(messages.includes('no schema for other.org/v1 Gadget; known versions: example.org/v1'), messages.join(' | '));
  });

  test('in the editor: adding, then editing the CRD re-checks the custom resources and nothing else', () => {
    const { validator, rule, set, fresh } = workspace({ incremental: true });
    set('apps/web.yaml', [deployment('a'), deployment('b')].join('---\n'));
    set('apps/gadgets.yaml', `${fixture('gadget-invalid.yaml')}---\n${foreignGadget}`);
    validator.validate();
    assert.equal(rule.calls.length, 4);

    rule.calls.length = 0;
    set('crds/gadget.yaml', fixture('crd-gadget.yaml'));
    assert.deepEqual(snapshot(validator.validate()), snapshot(fresh()));
    assert.deepEqual(rule.calls.sort(), ['CustomResourceDefinition:gadgets.example.org', 'Gadget:foreign', 'Gadget:thing']);

    rule.calls.length = 0;
    set('crds/gadget.yaml', fixture('crd-gadget-replaced.yaml'));
    assert.deepEqual(snapshot(validator.validate()), snapshot(fresh()));
    assert.deepEqual(rule.calls.sort(), ['CustomResourceDefinition:gadgets.example.org', 'Gadget:foreign', 'Gadget:thing']);

    rule.calls.length = 0;
    set('crds/gadget.yaml', '# no CRD any more\n');
    assert.deepEqual(snapshot(validator.validate()), snapshot(fresh()));
    assert.deepEqual(rule.calls.sort(), ['Gadget:foreign', 'Gadget:thing']);
  });
});

describe('SchemaRegistry.schemaKeyOf', () => {
  const documentOf = (text: string, file = repoFile('apps/x.yaml')) => {
    const validator = new WorkspaceValidator({ repo: memoryRepo(() => []), schemas: createSchemaRegistry(), options: defaultValidationOptions(), rules: [] });
    validator.setFile({ file, text });
    return validator.documentsOf(file)[0];
  };

  test('changes for the kinds a CRD defines or names, and only for them', () => {
    const schemas = createSchemaRegistry();
    const web = documentOf(deployment('a'));
    const gadget = documentOf(fixture('gadget-valid.yaml'));
    const foreign = documentOf(foreignGadget);
    const before = [web, gadget, foreign].map((document) => schemas.schemaKeyOf(document));
    schemas.setWorkspaceCrds(repoFile('crds/gadget.yaml'), [documentOf(fixture('crd-gadget.yaml'), repoFile('crds/gadget.yaml'))]);
    const added = [web, gadget, foreign].map((document) => schemas.schemaKeyOf(document));
    assert.equal(added[0], before[0]);
    assert.notEqual(added[1], before[1]);
    assert.notEqual(added[2], before[2]);
    schemas.setWorkspaceCrds(repoFile('crds/gadget.yaml'), [documentOf(fixture('crd-gadget-replaced.yaml'), repoFile('crds/gadget.yaml'))]);
    const replaced = [web, gadget, foreign].map((document) => schemas.schemaKeyOf(document));
    assert.equal(replaced[0], before[0]);
    assert.notEqual(replaced[1], added[1]);
    schemas.setWorkspaceCrds(repoFile('crds/gadget.yaml'), []);
    assert.deepEqual([web, gadget, foreign].map((document) => schemas.schemaKeyOf(document)), before);
  });
});
