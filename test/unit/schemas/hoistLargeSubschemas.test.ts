import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorObject } from 'ajv';
import { createAjv } from '../../../server/src/engine/schemas/createAjv';
import { formatSchemaErrors } from '../../../server/src/engine/schemas/formatSchemaErrors';
import { hoistLargeSubschemas } from '../../../server/src/engine/schemas/hoistLargeSubschemas';
import type { JsonSchema } from '../../../server/src/engine/schemas/JsonSchema';

const nullableString = { type: ['string', 'null'] };
/** port is 182 characters of JSON, under the limit (maxSize) alone; a list of ports is over it. */
const port = { type: 'object', required: ['containerPort'], properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] } }, additionalProperties: false };
const container = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, image: nullableString, ports: { type: 'array', items: port } },
  additionalProperties: false,
};
const labelValue = { type: 'object', properties: { value: nullableString, note: nullableString, owner: nullableString, since: { type: 'integer' }, until: { type: 'integer' } }, additionalProperties: false };
const schema: JsonSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['Thing'] },
    spec: {
      type: 'object',
      properties: {
        containers: { type: 'array', items: container },
        labels: { type: 'object', additionalProperties: labelValue },
        // Alternatives as large as a container: their branches stay inline.
        port: { anyOf: [{ type: 'integer' }, container] },
      },
      additionalProperties: false,
    },
  },
  definitions: { Shared: { type: 'object', properties: { main: container }, additionalProperties: false } },
  additionalProperties: false,
};

const maxSize = 200;

test('hoistLargeSubschemas gives large subschemas definitions of their own, innermost first, and leaves the branches of alternatives inline', () => {
  const hoisted = hoistLargeSubschemas({ schema, maxSize, prefix: 'hoisted.' });
  // A container is under the limit once its ports are a $ref, the list of containers is not.
  const containerWith = (ports: string) => ({ ...container, properties: { ...container.properties, ports: { $ref: `#/definitions/${ports}` } } });
  assert.deepEqual(hoisted, {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['Thing'] },
      spec: { $ref: '#/definitions/hoisted.4-spec' },
    },
    additionalProperties: false,
    definitions: {
      Shared: { type: 'object', properties: { main: containerWith('hoisted.5-ports') }, additionalProperties: false },
      'hoisted.0-ports': { type: 'array', items: port },
      'hoisted.1-containers': { type: 'array', items: containerWith('hoisted.0-ports') },
      'hoisted.2-additionalProperties': labelValue,
      // The alternatives move as one: their errors keep the schema path of their anyOf.
      'hoisted.3-port': { anyOf: [{ type: 'integer' }, container] },
      'hoisted.4-spec': {
        type: 'object',
        properties: {
          containers: { $ref: '#/definitions/hoisted.1-containers' },
          labels: { type: 'object', additionalProperties: { $ref: '#/definitions/hoisted.2-additionalProperties' } },
          port: { $ref: '#/definitions/hoisted.3-port' },
        },
        additionalProperties: false,
      },
      'hoisted.5-ports': { type: 'array', items: port },
    },
  });
  for (const [name, body] of Object.entries(hoisted.definitions as JsonSchema)) {
    if (name.startsWith('hoisted.')) assert.ok(JSON.stringify(body).length >= maxSize, `${name} is large enough to be hoisted`);
  }
  // The input is not changed, and a schema with nothing large comes back as it was.
  assert.deepEqual((((schema.properties as JsonSchema).spec as JsonSchema).properties as JsonSchema).containers, { type: 'array', items: container });
  assert.equal(hoistLargeSubschemas({ schema: port, maxSize, prefix: 'hoisted.' }), port);
});

test('a hoisted schema validates as the schema it came from, with the same errors but for their schema path', () => {
  const ajv = createAjv();
  const original = ajv.compile({ ...schema, $id: 'original.json' });
  const hoisted = ajv.compile({ ...hoistLargeSubschemas({ schema, maxSize, prefix: 'hoisted.' }), $id: 'hoisted.json' });
  const instances: unknown[] = [
    { kind: 'Thing', spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'TCP' }] }], labels: { a: { value: 'v', since: 1 } }, port: 8080 } },
    { kind: 'Thing', spec: { containers: [{ name: 'a', image: 3, ports: [{ containerPort: '80', protocol: 'HTTP', extra: true }] }, { image: null }] } },
    { kind: 'Other', spec: { containers: 'none', labels: { a: { value: 1, since: 'then', sinse: 2 } }, port: { name: 7, ports: [{}] }, replicas: 2 } },
    { kind: 'Thing', spec: { port: 'http', labels: [] }, status: {} },
    { spec: null },
  ];
  let withErrors = 0;
  for (const instance of instances) {
    const valid = original(instance);
    assert.equal(hoisted(instance), valid, JSON.stringify(instance));
    const errors = original.errors ?? [];
    const hoistedErrors = hoisted.errors ?? [];
    const comparable = (list: readonly ErrorObject[]) => list.map(({ instancePath, keyword, params, message, data }) => ({ instancePath, keyword, params, message, data }));
    assert.deepEqual(comparable(hoistedErrors), comparable(errors), JSON.stringify(instance));
    assert.deepEqual(formatSchemaErrors({ errors: hoistedErrors, value: instance }), formatSchemaErrors({ errors, value: instance }), JSON.stringify(instance));
    if (errors.length > 0) withErrors++;
  }
  assert.equal(withErrors, 4);
});
