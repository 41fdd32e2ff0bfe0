import {
  type ExecutionResult,
  GraphQLID,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { createSharedSubscribe } from './shared-subscribe.ts';
import { SubscriberQueue } from './subscriber-queue.ts';

type Event = { n: number };
type Context = { scope: string; source: SubscriberQueue<Event>; fresh?: boolean };

/** A schema whose only subscription counts how often its selection is executed. */
function counting() {
  const calls = { executions: 0 };
  const Seen = new GraphQLObjectType<Event, Context>({
    name: 'Seen',
    fields: {
      n: { type: GraphQLInt },
      scope: { type: GraphQLString, resolve: (_e, _a, ctx) => ctx.scope },
      fresh: { type: GraphQLString, resolve: (_e, _a, ctx) => String(ctx.fresh === true) },
      tag: { type: GraphQLID, args: { tag: { type: GraphQLID } }, resolve: (_e, a) => a.tag },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType<unknown, Context>({
      name: 'Subscription',
      fields: {
        seen: {
          type: Seen,
          subscribe: (_root, _args, ctx) => ctx.source,
          resolve: (event: unknown) => {
            calls.executions++;
            return event;
          },
        },
      },
    }),
  });
  return { schema, calls };
}

const subscribe = createSharedSubscribe<Context>({
  scopeOf: (ctx) => ctx.scope,
  contextFor: (ctx) => ({ ...ctx, fresh: true }),
});

async function subscriber(schema: GraphQLSchema, scope: string, query: string, tag = 'x') {
  const source = new SubscriberQueue<Event>(() => {});
  const results = await subscribe({
    schema,
    document: parse(query),
    variableValues: { tag },
    contextValue: { scope, source } satisfies Context,
  });
  if (!(Symbol.asyncIterator in results)) throw new Error(JSON.stringify(results));
  return { source, results };
}

const QUERY = 'subscription($tag: ID) { seen { n scope fresh tag(tag: $tag) } }';
const data = (r: IteratorResult<ExecutionResult>) => (r.done ? null : r.value.data?.seen);

describe('createSharedSubscribe', () => {
  it('runs an event shared by many subscribers of one scope once, and every one gets it in order', async () => {
    const { schema, calls } = counting();
    const subs = await Promise.all(
      Array.from({ length: 30 }, () => subscriber(schema, 'a', QUERY)),
    );
    const events = [{ n: 1 }, { n: 2 }, { n: 3 }];
    for (const event of events) {
      const shared = Promise.resolve([event]);
      for (const sub of subs) sub.source.push(shared);
    }
    for (const sub of subs) {
      const got = [];
      for (const _ of events) got.push(data(await sub.results.next()));
      expect(got).toEqual(events.map(({ n }) => ({ n, scope: 'a', fresh: 'true', tag: 'x' })));
    }
    expect(calls.executions).toBe(events.length);
  });

  it('never shares a result across scopes (workspaces)', async () => {
    const { schema, calls } = counting();
    const a = await subscriber(schema, 'workspace-a', QUERY);
    const b = await subscriber(schema, 'workspace-b', QUERY);
    // Even when one event object reached both (the hub never does this), each scope runs its own.
    const shared = Promise.resolve([{ n: 7 }]);
    a.source.push(shared);
    b.source.push(shared);
    expect(data(await a.results.next())).toMatchObject({ n: 7, scope: 'workspace-a' });
    expect(data(await b.results.next())).toMatchObject({ n: 7, scope: 'workspace-b' });
    expect(calls.executions).toBe(2);
  });

  it('runs different variables, queries and unshared events separately', async () => {
    const { schema, calls } = counting();
    const x = await subscriber(schema, 'a', QUERY, 'x');
    const y = await subscriber(schema, 'a', QUERY, 'y');
    const other = await subscriber(schema, 'a', 'subscription { seen { n } }');
    const shared = Promise.resolve([{ n: 1 }]);
    for (const sub of [x, y, other]) sub.source.push(shared);
    expect(data(await x.results.next())).toMatchObject({ tag: 'x' });
    expect(data(await y.results.next())).toMatchObject({ tag: 'y' });
    expect(data(await other.results.next())).toEqual({ n: 1 });
    expect(calls.executions).toBe(3);
    // Opening snapshots are objects of their own: equal content, separate executions.
    x.source.push(Promise.resolve([{ n: 2 }]));
    y.source.push(Promise.resolve([{ n: 2 }]));
    await x.results.next();
    await y.results.next();
    expect(calls.executions).toBe(5);
  });

  it('ends the source when the subscriber leaves', async () => {
    const { schema } = counting();
    let closed = 0;
    const source = new SubscriberQueue<Event>(() => closed++);
    const results = await subscribe({
      schema,
      document: parse(QUERY),
      contextValue: { scope: 'a', source } satisfies Context,
    });
    if (!(Symbol.asyncIterator in results)) throw new Error('expected a stream');
    const waiting = results.next();
    await results.return?.();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
  });

  it('returns the errors of an operation that cannot subscribe', async () => {
    const { schema } = counting();
    const result = await subscribe({
      schema,
      document: parse('subscription { seen { n } }'),
      operationName: 'Missing',
      contextValue: { scope: 'a', source: new SubscriberQueue<Event>(() => {}) },
    });
    expect(Symbol.asyncIterator in result).toBe(false);
    expect((result as ExecutionResult).errors?.[0]?.message).toMatch(/Unknown operation named/);
  });
});
