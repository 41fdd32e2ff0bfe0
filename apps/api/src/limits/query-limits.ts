import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql/index.js';

export type QueryLimits = {
  /** Deepest field nesting allowed (introspection excluded). */
  maxDepth: number;
  /** Estimated result size: each field costs 1, times the `first` of every list above it. */
  maxComplexity: number;
};

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxComplexity: 50_000 };

// Connection fields without `first` return this many items by default (see pageSize calls).
const DEFAULT_PAGE = 20;
// A `first` given as a variable is counted at the largest page any field allows.
const VARIABLE_PAGE = 500;

function firstArgument(field: FieldNode): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Number.parseInt(arg.value.value, 10);
  if (arg.value.kind === Kind.VARIABLE) return VARIABLE_PAGE;
  return null;
}

type Measure = { depth: number; cost: number };

function measure(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const child = selection.selectionSet
        ? measure(selection.selectionSet, fragments, visiting)
        : { depth: 0, cost: 0 };
      const first = firstArgument(selection);
      const connectionLike = selection.selectionSet?.selections.some(
        (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
      );
      const items = first !== null ? Math.max(first, 1) : connectionLike ? DEFAULT_PAGE : 1;
      depth = Math.max(depth, 1 + child.depth);
      cost += 1 + items * child.cost;
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      if (!fragment) continue;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // Cycles are reported by graphql's own NoFragmentCycles rule; just do not loop.
        if (visiting.has(selection.name.value)) continue;
        visiting.add(selection.name.value);
      }
      const inner = measure(fragment.selectionSet, fragments, visiting);
      if (selection.kind === Kind.FRAGMENT_SPREAD) visiting.delete(selection.name.value);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** A validation rule that rejects too deep or too large operations before execution. */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const { depth, cost } = measure(operation.selectionSet, fragments, new Set());
        const name = operation.name?.value ?? 'anonymous operation';
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(
              `${name} is nested ${depth} levels deep; the limit is ${limits.maxDepth}`,
              {
                extensions: { code: 'QUERY_TOO_DEEP', depth, limit: limits.maxDepth },
              },
            ),
          );
        }
        if (cost > limits.maxComplexity) {
          context.reportError(
            new GraphQLError(
              `${name} could return about ${cost} fields; the limit is ${limits.maxComplexity}. Ask for smaller pages.`,
              {
                extensions: {
                  code: 'QUERY_TOO_COMPLEX',
                  complexity: cost,
                  limit: limits.maxComplexity,
                },
              },
            ),
          );
        }
      },
    };
  };
}
