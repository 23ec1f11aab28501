import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutDescriptions } from '../../../server/src/engine/schemas/withoutDescriptions';

test('withoutDescriptions drops the description of every schema and keeps data and fields named "description"', () => {
  const schema = {
    description: 'A thing.',
    type: 'object',
    properties: {
      description: { description: 'The field called description.', type: 'string' },
      mode: { description: 'How.', type: 'string', enum: ['a', 'b'], default: 'a' },
      rules: { type: 'array', items: { description: 'One rule.', type: 'object', properties: { x: { type: 'integer', description: 'X.' } } } },
      extra: { type: 'object', additionalProperties: { description: 'Any value.', type: 'string' } },
      choice: { anyOf: [{ description: 'A number.', type: 'integer' }, { type: 'string', description: 'A text.' }] },
      literal: { enum: [{ description: 'kept: enum values are data' }], const: { description: 'kept too' }, default: { description: 'and this' } },
      flag: true,
    },
    definitions: { Shared: { description: 'Shared.', type: 'string', 'x-kubernetes-extra': { description: 'kept: an extension is data' } } },
    required: ['description'],
  };
  assert.deepEqual(withoutDescriptions(schema), {
    type: 'object',
    properties: {
      description: { type: 'string' },
      mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
      rules: { type: 'array', items: { type: 'object', properties: { x: { type: 'integer' } } } },
      extra: { type: 'object', additionalProperties: { type: 'string' } },
      choice: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      literal: { enum: [{ description: 'kept: enum values are data' }], const: { description: 'kept too' }, default: { description: 'and this' } },
      flag: true,
    },
    definitions: { Shared: { type: 'string', 'x-kubernetes-extra': { description: 'kept: an extension is data' } } },
    required: ['description'],
  });
  // The input is not changed.
  assert.equal(schema.description, 'A thing.');
  assert.equal(schema.properties.rules.items.description, 'One rule.');
});
