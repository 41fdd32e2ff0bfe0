import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql/index.js';

/**
 * Rejects documents with more than `max` aliased fields. Aliases are how one request asks
 * for the same expensive field (or mutation) hundreds of times.
 */
export function aliasLimitRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > max) {
            context.reportError(
              new GraphQLError(`The document uses ${aliases} aliases; the limit is ${max}`, {
                extensions: { code: 'TOO_MANY_ALIASES', aliases, limit: max },
              }),
            );
          }
        },
      },
    };
  };
}
