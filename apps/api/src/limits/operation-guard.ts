import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql/index.js';
import type { Caller } from '../auth/bearer-key.ts';
import { type AppError, ForbiddenError } from '../errors/app-error.ts';
import { aliasLimitRule } from './alias-limit.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, queryLimitsRule } from './query-limits.ts';

/**
 * The one set of limits every transport applies (HTTP through Apollo, WebSocket through
 * graphql-ws): the parser's token limit, the validation rules (depth, cost, aliases), and the
 * per-operation admission (key scope). The per-key mutation budget is charged by the schema
 * itself (mutation-budget-plugin.ts), so it too is the same on both transports, and a refusal
 * is each mutation's RateLimitedError result.
 */
export type OperationGuard = {
  /** graphql `parse` options: a document past `maxTokens` fails to parse. */
  parseOptions: { maxTokens: number };
  /** Rules run beside graphql's specifiedRules. */
  validationRules: ValidationRule[];
  /** Null when the caller may run this operation now, else the error to answer. */
  admit(
    operation: OperationDefinitionNode,
    document: DocumentNode,
    caller: Pick<Caller, 'apiKeyId' | 'scope'>,
  ): AppError | null;
};

export const DEFAULT_MAX_TOKENS = 10_000;
export const DEFAULT_MAX_ALIASES = 100;

/** Top-level fields an operation runs, through fragments: `mutation { ...F }` counts F's fields. */
export function rootFieldCount(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, fragments, seen);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(selection.name.value)) continue;
      seen.add(selection.name.value);
      count += rootFieldCount(fragment.selectionSet, fragments, seen);
    }
  }
  return count;
}

export function createOperationGuard(options: {
  limits?: QueryLimits;
  maxTokens?: number;
  maxAliases?: number;
}): OperationGuard {
  return {
    parseOptions: { maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS },
    validationRules: [
      queryLimitsRule(options.limits ?? DEFAULT_QUERY_LIMITS),
      aliasLimitRule(options.maxAliases ?? DEFAULT_MAX_ALIASES),
    ],
    admit(operation, document, caller) {
      if (operation.operation !== 'mutation') return null;
      if (caller.scope !== 'FULL') {
        return new ForbiddenError('This API key is read-only: it cannot run mutations');
      }
      return null;
    },
  };
}
