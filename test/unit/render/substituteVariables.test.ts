import assert from 'node:assert/strict';
import { test } from 'node:test';
import { substituteObject } from '../../../server/src/engine/render/substituteObject';
import { substituteVariables } from '../../../server/src/engine/render/substituteVariables';

const variables = { NAME: 'podinfo', EMPTY: '', TAG: 'v1.2.3', PATH_VALUE: 'a/b/c.tar.gz', FLAG: 'yes' };
const run = (text: string, strict = false): string => substituteVariables({ text, variables, strict });

test('Flux postBuild forms: ${VAR}, the default forms (unset or empty), escapes and bare $VAR', () => {
  const cases: Array<[string, string]> = [
    ['name: ${NAME}', 'name: podinfo'],
    ['name: ${MISSING}', 'name: '],
    ['x: ${MISSING:=fallback}', 'x: fallback'],
    ['x: ${MISSING:-fallback}', 'x: fallback'],
    ['x: ${MISSING=fallback}', 'x: fallback'],
    ['x: ${EMPTY:=fallback}', 'x: fallback'],
    ['x: ${EMPTY=fallback}', 'x: fallback'],
    ['x: ${NAME:=fallback}', 'x: podinfo'],
    ['x: ${MISSING:=${NAME}-default}', 'x: podinfo-default'],
    // Escapes exist only in replacement arguments (envsubst scans them only there): in a default, `$` is text and `${NAME}` still substitutes.
    ['x: ${MISSING:=$${NAME}}', 'x: $podinfo'],
    ['x: ${TAG/./$$}', 'x: v1$2.3'],
    ['x: $${NAME}', 'x: ${NAME}'],
    ['x: $$HOME and $$$', 'x: $HOME and $$'],
    ['x: $NAME', 'x: $NAME'],
    ['x: ${#NAME}', 'x: 7'],
    ['x: ${NAME^}/${NAME^^}/${TAG,,}', 'x: Podinfo/PODINFO/v1.2.3'],
    ['x: ${TAG:1}', 'x: 1.2.3'],
    ['x: ${TAG:1:3}', 'x: 1.2'],
    ['x: ${PATH_VALUE#*/}', 'x: b/c.tar.gz'],
    ['x: ${PATH_VALUE##*/}', 'x: b/c.tar.gz'],
    ['x: ${PATH_VALUE%.*}', 'x: a/b/c.tar'],
    ['x: ${PATH_VALUE%%.*}', 'x: a/b/c'],
    ['x: ${TAG/./-}', 'x: v1-2.3'],
    ['x: ${TAG//./-}', 'x: v1-2-3'],
    ['x: ${TAG/#v/release-}', 'x: release-1.2.3'],
    ['x: ${TAG/%3/4}', 'x: v1.2.4'],
  ];
  for (const [input, expected] of cases) assert.equal(run(input), expected, input);
});

test('syntax Flux rejects is rejected: ${VAR-default}, unclosed braces, invalid variable names', () => {
  assert.throws(() => run('x: ${NAME-default}'), { code: 'SubstitutionFailed' });
  assert.throws(() => run('x: ${NAME'), { code: 'SubstitutionFailed' });
  assert.throws(() => run('x: ${}'), { code: 'SubstitutionFailed' });
  assert.throws(() => substituteVariables({ text: 'x', variables: { 'bad-name': 'v' } }), /var name is invalid/);
});

test('strict substitution (StrictPostBuildSubstitutions): an unset variable is an error unless it has a default', () => {
  assert.throws(() => run('x: ${MISSING}', true), /variable not set \(strict mode\): "MISSING"/);
  assert.equal(run('x: ${MISSING:=ok}', true), 'x: ok');
  assert.equal(run('x: ${EMPTY}', true), 'x: ');
});

test('objects are substituted as YAML text and read back with YAML 1.1 rules; substitute: disabled is honoured', () => {
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${NAME}' }, data: { flag: '${FLAG}' }, spec: { enabled: '${FLAG}', replicas: '${COUNT}' } };
  const result = substituteObject({ object, variables: { NAME: 'web', FLAG: 'yes', COUNT: '3' }, strict: false });
  assert.deepEqual(result, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { flag: true }, spec: { enabled: true, replicas: 3 } });
  const disabled = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${NAME}', labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } } };
  assert.equal(substituteObject({ object: disabled, variables: { NAME: 'web' }, strict: false }), disabled);
  const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'yes' }, data: { on: 'on' } };
  // Strings that were strings stay strings; a substituted `n` is YAML 1.1 false, as go-yaml v2 reads it in Flux.
  assert.deepEqual(substituteObject({ object: { ...plain, data: { on: 'on', x: '${NAME}' } }, variables: { NAME: 'n' }, strict: false }), { ...plain, data: { on: 'on', x: false } });
});
