import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ObjectApi } from './objectApi';
import { splitGroupVersion } from './resourceTypes';
import type { KubeObject } from './store';

/** Seeding: objects (and CRDs) applied at start, namespaces and CRDs first, missing namespaces created. */

export function readSeedFile(file: string): KubeObject[] {
  return parseYamlObjects(fs.readFileSync(file, 'utf8'), file);
}

export function parseYamlObjects(text: string, source = 'seed'): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    const value = document.toJSON();
    if (value === null || value === undefined) continue;
    if (value.kind === 'List' && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  return objects;
}

function rank(object: KubeObject): number {
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') return 0;
  if (object.kind === 'CustomResourceDefinition') return 1;
  return 2;
}

/** applySeed server-side applies every object with the given field manager. */
export function applySeed(api: ObjectApi, objects: KubeObject[], fieldManager: string): void {
  const ordered = [...objects].sort((a, b) => rank(a) - rank(b));
  for (const object of ordered) {
    if (typeof object?.apiVersion !== 'string' || typeof object.kind !== 'string') throw new Error(`seed object without apiVersion/kind: ${JSON.stringify(object).slice(0, 200)}`);
    const { group, version } = splitGroupVersion(object.apiVersion);
    const type = api.registry.byKind(group, version, object.kind);
    if (!type) throw new Error(`seed: the emulator does not serve ${object.apiVersion} ${object.kind} (create its CRD first)`);
    const namespace = type.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    if (namespace && !api.store.get('/namespaces', undefined, namespace)) {
      const namespaces = api.registry.byKind('', 'v1', 'Namespace')!;
      api.apply(namespaces, undefined, namespace, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, undefined, { dryRun: false, fieldManager });
    }
    const name = String(object.metadata?.name ?? '');
    const before = api.store.get(`${type.group}/${type.resource}`, namespace, name);
    api.apply(type, namespace, name, undefined, object, before, { dryRun: false, fieldManager, force: true });
  }
}
