import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as mutations from './mutations.ts';
import * as queries from './queries.ts';
import * as subscriptions from './subscriptions.ts';

// The dashboard's documents against the API's committed schema: a renamed field fails here,
// not in a user's browser.
const schema = buildSchema(
  readFileSync(resolve(import.meta.dirname, '../../../api/schema.graphql'), 'utf8'),
);

const documents = Object.entries({ ...queries, ...mutations, ...subscriptions });

describe('GraphQL documents', () => {
  it.each(documents)('%s is valid against apps/api/schema.graphql', (_name, source) => {
    const errors = validate(schema, parse(source));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
