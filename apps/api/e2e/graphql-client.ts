import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type GraphqlClient = {
  /** POSTs to /graphql; throws on transport or GraphQL errors so a test sees them verbatim. */
  request<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A graphql-ws client authorised with the same key (connected eagerly). */
  ws: Client;
  close(): Promise<void>;
};

/** Speaks to one API process exactly as an integrator would: HTTP + graphql-ws, API key auth. */
export function graphqlClient(apiUrl: string, apiKey: string): GraphqlClient {
  const authorization = `Bearer ${apiKey}`;
  const ws = createClient({
    url: `${apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization },
    onNonLazyError: () => {},
  });
  return {
    ws,
    async request(query, variables) {
      const res = await fetch(`${apiUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
      if (!res.ok || body.errors) {
        throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
      }
      return body.data as never;
    },
    close: () => ws.dispose() as Promise<void>,
  };
}

export type Recording<T> = {
  events: T[];
  /** Resolves with the events so far once `done(events)` holds; rejects on a subscription error. */
  until(done: (events: T[]) => boolean): Promise<T[]>;
  /** Resolves with every event once the server completes the subscription. */
  ended: Promise<T[]>;
  stop(): void;
};

/** Subscribes and keeps every event in arrival order. */
export function record<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Recording<T> {
  const events: T[] = [];
  const waiters = new Set<{ done: (events: T[]) => boolean; resolve(): void }>();
  let failure: Error | null = null;
  const rejecters = new Set<(error: Error) => void>();
  let markEnded: () => void = () => {};
  const ended = new Promise<T[]>((resolve) => {
    markEnded = () => resolve(events);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const reject of rejecters) reject(error);
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) return fail(new Error(JSON.stringify(value.errors)));
        events.push(value.data as T);
        for (const waiter of waiters) if (waiter.done(events)) waiter.resolve();
      },
      error: (error) => fail(error instanceof Error ? error : new Error(JSON.stringify(error))),
      // syncProgress completes after its job's final event: a wait for what has already come
      // still resolves; one for anything more cannot be met any more.
      complete: () => {
        markEnded();
        fail(new Error('subscription completed before the awaited events came'));
      },
    },
  );
  return {
    events,
    ended,
    stop,
    until(done) {
      return new Promise<T[]>((resolve, reject) => {
        if (done(events)) return resolve(events);
        if (failure) return reject(failure);
        const waiter = {
          done,
          resolve: () => {
            waiters.delete(waiter);
            rejecters.delete(reject);
            resolve(events);
          },
        };
        waiters.add(waiter);
        rejecters.add(reject);
      });
    },
  };
}
