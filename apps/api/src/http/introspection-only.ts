import { Kind, parse } from 'graphql/index.js';
import type { Caller } from '../auth/bearer-key.ts';

/**
 * The schema is public: it is printed at /schema.graphql and committed in the repository, so
 * hiding it behind a key protects nothing while breaking tools (codegen, explorers) that
 * introspect before anyone has a key. Introspection therefore needs no key, like
 * /schema.graphql; every field that reads workspace data still does.
 */
export function isIntrospectionOnly(query: unknown, maxTokens: number): boolean {
  if (typeof query !== 'string' || query.length === 0) return false;
  try {
    const document = parse(query, { maxTokens });
    // Fragments on meta types (`__Type`, `__InputValue`, …) can only be spread inside
    // introspection, and the introspection query every tool sends (graphql-js's, GraphiQL's)
    // is built from them; a fragment on any other type could reach data.
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    return (
      operations.length > 0 &&
      document.definitions.every(
        (definition) =>
          (definition.kind === Kind.FRAGMENT_DEFINITION &&
            definition.typeCondition.name.value.startsWith('__')) ||
          (definition.kind === Kind.OPERATION_DEFINITION &&
            definition.operation === 'query' &&
            definition.selectionSet.selections.every(
              (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
            )),
      )
    );
  } catch {
    return false;
  }
}

/** Who runs an introspection query without a key: a read-only caller of no workspace. */
export const ANONYMOUS_CALLER: Caller = {
  workspaceId: '00000000-0000-0000-0000-000000000000',
  apiKeyId: 'anonymous',
  apiKeyName: 'anonymous',
  scope: 'READ',
  expiresAt: null,
};
