import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createSchemaRegistry } from '../../../server/src/engine/schemas/createSchemaRegistry';
import { documentsFromText, repoRoot } from './schemaFixtures';

const argoCrds = path.resolve(repoRoot, '..', 'shared', 'data', 'crds', 'argo-cd-v3.6.0');

/** inline replaces every "#/definitions/X" of a self-contained schema by X, so two layouts compare. */
function inline(schema: { definitions?: Record<string, unknown> }): unknown {
  const definitions = schema.definitions ?? {};
  const expand = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(expand);
    if (node === null || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    if (typeof object.$ref === 'string') return expand(definitions[object.$ref.replace('#/definitions/', '')]);
    return Object.fromEntries(Object.entries(object).filter(([key]) => key !== 'definitions' && key !== '$schema').map(([key, value]) => [key, expand(value)]));
  };
  return expand(schema);
}

test('the bundle converts CRDs exactly like workspace CRDs are converted at run time', { skip: !fs.existsSync(argoCrds) && `no reference data at ${argoCrds}` }, () => {
  const bundled = createSchemaRegistry();
  for (const file of ['application-crd.yaml', 'appproject-crd.yaml']) {
    const workspace = createSchemaRegistry();
    const crdFile = path.join(argoCrds, file);
    const documents = documentsFromText(fs.readFileSync(crdFile, 'utf8'), crdFile);
    workspace.setWorkspaceCrds(crdFile, documents);
    const kind = (documents[0].value as { spec: { names: { kind: string } } }).spec.names.kind;
    const fromWorkspace = inline(JSON.parse(workspace.schemaText(workspace.lookup('argoproj.io/v1alpha1', kind)!.uri)!)) as Record<string, unknown>;
    const fromBundle = inline(JSON.parse(bundled.schemaText(bundled.lookup('argoproj.io/v1alpha1', kind)!.uri)!)) as Record<string, unknown>;
    delete fromBundle['x-kubernetes-group-version-kind'];
    assert.deepEqual(fromWorkspace, fromBundle, kind);
  }
});
