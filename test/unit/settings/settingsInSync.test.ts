import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { editorSettingKeys } from '../../../server/src/handlers/readEditorSettings';
import { defaultValidationOptions } from '../../../server/src/engine/validation/ValidationOptions';

const projectRoot = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; description?: string }> } };
};
const properties = manifest.contributes.configuration.properties;

test('package.json declares exactly the settings the server reads', () => {
  assert.deepEqual(Object.keys(properties).sort(), [...editorSettingKeys].sort());
});

test('declared defaults equal the engine defaults', () => {
  const defaults = defaultValidationOptions();
  assert.equal(properties['gitopsWorkbench.kubernetesVersion'].default, defaults.kubernetesVersion);
  assert.equal(properties['gitopsWorkbench.maxFileSize'].default, defaults.maxFileSize);
  assert.deepEqual(properties['gitopsWorkbench.rules'].default, defaults.ruleSettings);
  assert.equal(properties['gitopsWorkbench.validation.enable'].default, true);
});

test('every setting is described in package.json and documented in the README', () => {
  const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  for (const key of editorSettingKeys) {
    assert.ok(properties[key].description, `${key} has a description`);
    assert.ok(readme.includes(`\`${key}\``), `${key} is in the README`);
  }
});
