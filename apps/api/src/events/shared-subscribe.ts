import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
} from 'graphql/index.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

export type SharedSubscribeOptions<Context> = {
  /**
   * What, besides the operation and its variables, the result may depend on (the workspace).
   * Subscribers with different scopes never share a result.
   */
  scopeOf(context: Context): string;
  /** The context one shared execution runs with (fresh loaders: the event is new data). */
  contextFor(context: Context): Context;
};

/**
 * graphql-ws `subscribe` that executes each source event once per distinct operation instead
 * of once per subscriber. The hub hands one event object to every subscriber it concerns;
 * subscribers with the same scope, query text, operation name and variables get the same
 * result object, so 1,000 dashboards watching a job cost one execution per event, not 1,000.
 * Each subscriber still reads its own source stream, so its order and its opening snapshot
 * (an object of its own, never shared) are untouched.
 */
export function createSharedSubscribe<Context>(options: SharedSubscribeOptions<Context>) {
  // Results die with the event: an event is referenced only by the queues still delivering it.
  const cache = new WeakMap<object, Map<string, Result>>();

  const run = (args: ExecutionArgs, context: Context, event: unknown) =>
    execute({ ...args, rootValue: event, contextValue: options.contextFor(context) });

  const executeShared = (args: ExecutionArgs, key: string, context: Context, event: unknown) => {
    if (typeof event !== 'object' || event === null) return run(args, context, event);
    let byOperation = cache.get(event);
    if (!byOperation) {
      byOperation = new Map();
      cache.set(event, byOperation);
    }
    let result = byOperation.get(key);
    if (!result) {
      result = run(args, context, event);
      byOperation.set(key, result);
    }
    return result;
  };

  return async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const context = args.contextValue as Context;
    const key = JSON.stringify([
      options.scopeOf(context),
      args.operationName ?? null,
      args.document.loc?.source.body ?? null,
      args.variableValues ?? {},
    ]);
    // Without the query text the operation cannot be told apart: run it alone.
    const shareable = args.document.loc !== undefined;
    const iterator = source[Symbol.asyncIterator]();
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const step = await iterator.next();
        if (step.done) return done;
        try {
          const value = shareable
            ? await executeShared(args, key, context, step.value)
            : await run(args, context, step.value);
          return { done: false, value };
        } catch (error) {
          await iterator.return?.();
          throw error;
        }
      },
      async return() {
        await iterator.return?.();
        return done;
      },
      async throw(error: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => results,
    };
    return results;
  };
}
