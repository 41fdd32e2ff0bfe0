import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  type SchemaTypes,
  unwrapOutputFieldType,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql/index.js';
import type { TokenBuckets } from '../auth/token-bucket.ts';
import { RateLimitedError } from '../errors/app-error.ts';
import { rootFieldCount } from './operation-guard.ts';
import { REFUSED_AS_VALUE } from './refused-as-value.ts';

type BudgetContext = { apiKeyId: string; services: { mutationBudget: TokenBuckets } };

/** What each operation's charge answered: 0, or the seconds to wait. */
const charged = new WeakMap<object, number>();

/**
 * Every mutation field costs one token of its API key's budget. An operation is charged once,
 * for all its mutation fields (through fragments too), when its first one runs: when the
 * budget does not cover them all, none runs and each answers RateLimitedError as its
 * result-union member, over HTTP and WebSocket alike. Registered after the errors plugin, so
 * its wrapper sits inside the errors plugin's and the thrown error becomes that member; fields
 * of shared unions (which catch their own errors) get the same error as a value.
 */
export class MutationBudgetPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.kind !== 'Mutation') return resolver;
    const typeName = this.buildCache.getTypeConfig(unwrapOutputFieldType(fieldConfig.type)).name;
    const asValue = REFUSED_AS_VALUE.get(typeName);
    return (parent, args, context, info) => {
      const ctx = context as BudgetContext;
      // One context per operation, over HTTP (per request) and WebSocket (per operation).
      let wait = charged.get(ctx);
      if (wait === undefined) {
        const fragments = new Map(Object.entries(info.fragments));
        wait = ctx.services.mutationBudget.take(
          ctx.apiKeyId,
          rootFieldCount(info.operation.selectionSet, fragments),
        );
        charged.set(ctx, wait);
      }
      if (wait > 0) {
        const error = new RateLimitedError(wait);
        if (asValue) return asValue(error);
        throw error;
      }
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      mutationBudget: MutationBudgetPlugin<Types>;
    }
  }
}

const pluginName = 'mutationBudget';
SchemaBuilder.registerPlugin(pluginName, MutationBudgetPlugin);
export default pluginName;
