import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PlainMap } from '../../server/src/engine/manifests/plainData';

/** fixtureDir is test/fixtures/drift in the source tree (tests run from out/test/drift). */
export const fixtureDir = path.resolve(__dirname, '../../../test/fixtures/drift');

/** loadFixture reads the first document of test/fixtures/drift/<scenario>/<file>. */
export function loadFixture(scenario: string, file: string): PlainMap {
  return loadFixtures(scenario, file)[0];
}

/** loadFixtures reads every document of a fixture file. */
export function loadFixtures(scenario: string, file: string): PlainMap[] {
  const text = fs.readFileSync(path.join(fixtureDir, scenario, file), 'utf8');
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(`${scenario}/${file}: ${document.errors[0].message}`);
    return document.toJSON() as PlainMap;
  });
}

/** pair loads a scenario's desired.yaml and live.yaml. */
export function pair(scenario: string): { desired: PlainMap; live: PlainMap } {
  return { desired: loadFixture(scenario, 'desired.yaml'), live: loadFixture(scenario, 'live.yaml') };
}

/** at walks keys and indexes of a plain object (for editing fixtures in tests). */
export function at(value: unknown, ...keys: (string | number)[]): any {
  let current: any = value;
  for (const key of keys) current = current[key];
  return current;
}

/** container finds a container of a pod template by name. */
export function container(object: PlainMap, name: string): any {
  return at(object, 'spec', 'template', 'spec', 'containers').find((item: any) => item.name === name);
}
