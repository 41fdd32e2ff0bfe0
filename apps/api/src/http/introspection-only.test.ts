import { getIntrospectionQuery } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { isIntrospectionOnly } from './introspection-only.ts';

const MAX_TOKENS = 10_000;

describe('isIntrospectionOnly', () => {
  it('accepts the introspection query tools send, fragments on meta types included', () => {
    // GraphiQL, codegen and graphql-js itself ask with this document (FullType, TypeRef, … fragments).
    expect(
      isIntrospectionOnly(getIntrospectionQuery({ inputValueDeprecation: true }), MAX_TOKENS),
    ).toBe(true);
    expect(
      isIntrospectionOnly(
        '{ __type(name: "Query") { ...T } } fragment T on __Type { name }',
        MAX_TOKENS,
      ),
    ).toBe(true);
  });

  it('refuses anything that can reach data', () => {
    for (const query of [
      '{ __typename viewer { name } }',
      'mutation { __typename }',
      'subscription { __typename }',
      '{ __schema { queryType { name } } } query Other { viewer { name } }',
      // A fragment on a data type could be spread where data is (the document fails validation
      // anyway, but the key check must not lean on that).
      '{ __schema { queryType { name } } } fragment V on Query { viewer { name } }',
      '{ ...V } fragment V on Query { __typename }',
      'fragment T on __Type { name }',
      '',
      '{ not graphql',
    ]) {
      expect(isIntrospectionOnly(query, MAX_TOKENS), query).toBe(false);
    }
  });
});
