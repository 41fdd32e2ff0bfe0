import { randomBytes } from 'node:crypto';
import {
  createApiKey,
  createPool,
  createWorkspace,
  type Pool,
  sealCredentials,
} from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type Client, createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { type ApiServerOptions, createApiServer } from '../server.ts';

export type GraphqlResponse<T = Record<string, unknown>> = {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

export type Harness = {
  db: TestDatabase;
  pool: Pool;
  url: string;
  secretKey: Buffer;
  gql<T = Record<string, any>>(
    key: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlResponse<T>>;
  workspace(name: string): Promise<{ workspaceId: string; key: string; apiKeyId: string }>;
  connection(workspaceId: string, externalAccountId?: string): Promise<string>;
  wsClient(key: string | null, onClose?: (code: number) => void): Client;
  close(): Promise<void>;
};

/** A fresh database and an API server on a free port, with helpers that speak real HTTP/WS. */
export async function startHarness(options: Partial<ApiServerOptions> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const pool = createPool(db.url, 4);
  const secretKey = randomBytes(32);
  const api = await createApiServer({
    databaseUrl: db.url,
    port: 0,
    secretKey,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  const clients: Client[] = [];
  return {
    db,
    pool,
    url: api.url,
    secretKey,
    async gql(key, query, variables) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async workspace(name) {
      const workspace = await createWorkspace(pool, { name });
      const { apiKey, key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'test' });
      return { workspaceId: workspace.id, key, apiKeyId: apiKey.id };
    },
    async connection(workspaceId, externalAccountId = `act_${Math.floor(Math.random() * 1e9)}`) {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials, sandbox)
         VALUES ($1, 'FACEBOOK_ADS', $2, $2, $3, true) RETURNING id`,
        [workspaceId, externalAccountId, sealCredentials(secretKey, { accessToken: 'token' })],
      );
      return rows[0]!.id;
    },
    wsClient(key, onClose) {
      const client = createClient({
        url: `${api.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: key ? { authorization: `Bearer ${key}` } : {},
        on: { closed: (event) => onClose?.((event as { code: number }).code) },
        onNonLazyError: () => {},
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.dispose();
      await api.close();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * Resolves with the first `count` events of a subscription (then unsubscribes); `reached(n)`
 * resolves once n events have arrived, so tests await delivery instead of polling a clock.
 */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
) {
  const events: T[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const wake = () => {
    for (const waiter of waiters.filter((w) => events.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  let unsubscribe = () => {};
  const done = new Promise<T[]>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) reject(new Error(JSON.stringify(value.errors)));
          events.push(value.data as T);
          wake();
          if (events.length === count) {
            unsubscribe();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  const reached = (n: number) =>
    events.length >= n
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ n, resolve }));
  return { done, events, reached, unsubscribe: () => unsubscribe() };
}
