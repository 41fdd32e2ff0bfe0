// Finding 1 of the security sweep: any API key could point a connection at its own host and
// have the worker send the connection's provider token there. Every attempt below aims a
// real sync (real API, real worker, real pg-boss, real sandbox over HTTP) at a local listener;
// the listener must hear nothing, and no token may reach it.
import { createApiKey, openCredentials } from '@tributary/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../worker/e2e/harness.ts';
import { connectors } from '../../../worker/src/connectors.ts';
import { type RunningWorker, startWorker } from '../../../worker/src/worker.ts';
import { parseId } from '../../src/schema/ids.ts';
import { type ApiServer, createApiServer } from '../../src/server.ts';
import { type GraphqlClient, graphqlClient } from '../graphql-client.ts';
import { START_SYNC } from '../sync-api.ts';
import { startHostileSandbox } from './hostile-sandbox.ts';
import { startListener } from './listener.ts';

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_42', campaigns: 4, adsets: 8, ads: 12, ageDays: 120 },
  { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 40, ageDays: 120 },
  { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 150, ageDays: 120 },
] as const;

const CREATE = `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
  __typename ... on CreateConnectionSuccess { connection { id } } ... on Error { message } } }`;
const UPDATE = `mutation($input: UpdateConnectionInput!) { updateConnection(input: $input) {
  __typename ... on ValidationError { field message } ... on Error { message } } }`;

let h: Harness;
let worker: RunningWorker;
let api: ApiServer;
let client: GraphqlClient;
const clients: GraphqlClient[] = [];
let listener: Awaited<ReturnType<typeof startListener>>;
let sandbox: Awaited<ReturnType<typeof startHostileSandbox>>;
const tokens: string[] = [];
let attempts = 0;

beforeAll(async () => {
  h = await startHarness({ workers: 0, accounts: [...ACCOUNTS] });
  listener = await startListener();
  sandbox = await startHostileSandbox(h.sandbox.url, listener.url);
  worker = await startWorker({
    databaseUrl: h.db.url,
    secretKey: h.secretKey,
    connectors,
    concurrency: 4,
    maintenanceIntervalMs: 200,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    config: {
      sandboxUrl: sandbox.url,
      leaseMs: 3000,
      retry: { maxAttempts: 3, baseMs: 50, maxMs: 500, factor: 2 },
    },
  });
  api = await createApiServer({
    databaseUrl: h.db.url,
    port: 0,
    secretKey: h.secretKey,
    logger: pino({ level: 'silent' }),
    oauth: { sandboxUrl: sandbox.url },
  });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await worker?.stop();
  await api?.close();
  await sandbox?.close();
  await listener?.close();
  await h?.stop();
  console.log(
    `security: file=exfiltration attempts=${attempts} listeners reached=${listener?.heard.length} tokens leaked=${listener?.leaks(tokens).length}`,
  );
});

/** A workspace with an API key, which `client` speaks with from here on. */
async function newCaller(name: string): Promise<string> {
  const workspaceId = await h.newWorkspace(name);
  const { key } = await createApiKey(h.pool, { workspaceId, name });
  client = graphqlClient(api.url, key);
  clients.push(client);
  return workspaceId;
}

/** A new caller with one connection per sandbox account, made over GraphQL. */
async function connectAll(name: string, sandboxFlag = true): Promise<string[]> {
  await newCaller(name);
  const ids: string[] = [];
  for (const account of ACCOUNTS) {
    const accessToken = `secret-${name}-${account.id}`;
    tokens.push(accessToken);
    const data = await client.request(CREATE, {
      input: {
        provider: account.provider,
        externalAccountId: account.id,
        accessToken,
        sandbox: sandboxFlag,
        // Non-sandbox rows would ask the real provider; the subject here is where syncs send.
        verify: false,
      },
    });
    expect(data.createConnection.__typename).toBe('CreateConnectionSuccess');
    ids.push(data.createConnection.connection.id);
  }
  return ids;
}

function dbId(globalId: string): string {
  const id = parseId('Connection', globalId);
  if (!id) throw new Error(`not a Connection id: ${globalId}`);
  return id;
}

async function rowOf(globalId: string) {
  const { rows } = await h.pool.query('SELECT * FROM connections WHERE id = $1', [dbId(globalId)]);
  return rows[0];
}

/** Starts a sync over GraphQL and waits (on the engine's NOTIFYs) until it ends. */
async function syncToEnd(globalId: string, mode: 'INITIAL' | 'INCREMENTAL' = 'INITIAL') {
  const data = await client.request(START_SYNC, { input: { connectionId: globalId, mode } });
  expect(data.startSync.__typename).toBe('StartSyncSuccess');
  return h.settled(dbId(globalId), 120_000);
}

async function chunkErrors(globalId: string): Promise<string[]> {
  const { rows } = await h.pool.query<{ last_error: string }>(
    `SELECT c.last_error FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
      WHERE j.connection_id = $1 AND c.last_error IS NOT NULL`,
    [dbId(globalId)],
  );
  return rows.map((r) => r.last_error);
}

describe('updateConnection cannot aim a connection at another host', () => {
  it('answers settings.baseUrl / settings.sandboxBaseUrl with a ValidationError and stores nothing', async () => {
    for (const [name, sandboxFlag] of [
      ['settings-sandbox', true],
      ['settings-real', false],
    ] as const) {
      for (const id of await connectAll(name, sandboxFlag)) {
        for (const key of ['baseUrl', 'sandboxBaseUrl']) {
          const before = await rowOf(id);
          attempts++;
          const data = await client.request(UPDATE, {
            input: { id, settings: { [key]: listener.url } },
          });
          expect(data.updateConnection).toMatchObject({
            __typename: 'ValidationError',
            field: `settings.${key}`,
          });
          expect(await rowOf(id)).toEqual(before);
        }
      }
    }
    expect(listener.heard).toEqual([]);
  });
});

describe('a sync calls only where the server decides', () => {
  it('ignores a row whose settings were tampered with in the database: the sync reaches only the sandbox', async () => {
    const ids = await connectAll('tampered');
    for (const id of ids) {
      await h.pool.query('UPDATE connections SET settings = $2 WHERE id = $1', [
        dbId(id),
        { baseUrl: listener.url, sandboxBaseUrl: `${listener.url}/graph` },
      ]);
      attempts++;
      const jobs = await syncToEnd(id);
      expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
      expect((await h.expectTruth(dbId(id))).mismatches).toEqual([]);
    }
    expect(listener.heard).toEqual([]);
  });

  it('never follows a sandbox’s redirect to another host: nothing is sent there, the sync fails permanently', async () => {
    const ids = await connectAll('redirected');
    sandbox.setMode('redirect');
    try {
      for (const id of ids) {
        attempts++;
        const jobs = await syncToEnd(id);
        expect(jobs[0]!.status).toBe('FAILED');
        expect(jobs[0]!.error).toMatch(
          /HTTP 307 redirects to http:\/\/127\.0\.0\.1:\d+, which this connection may not call/,
        );
      }
    } finally {
      sandbox.setMode('pass');
    }
    expect(listener.heard).toEqual([]);
  });

  it('refuses paging links (paging.next, @odata.nextLink) that name another host', async () => {
    const ids = await connectAll('relinked');
    sandbox.setMode('links');
    try {
      for (const [i, id] of ids.entries()) {
        attempts++;
        const jobs = await syncToEnd(id);
        if (ACCOUNTS[i]!.provider !== 'FACEBOOK_ADS') {
          // Ads structure fits one page here; Pages and mail page (mail already when sizing the
          // plan with $count), so their links were refused.
          const errors = [...jobs.map((j) => j.error), ...(await chunkErrors(id))];
          expect(errors.join('\n')).toMatch(/the response links to http:\/\/127\.0\.0\.1:\d+/);
        }
      }
    } finally {
      sandbox.setMode('pass');
    }
    expect(listener.heard).toEqual([]);
  });
});

describe('a connection made through OAuth, whose tokens the caller never saw', () => {
  it('cannot be re-aimed either: ValidationError, and its syncs (after tampering too) reach only the sandbox', async () => {
    const workspaceId = await newCaller('oauth');
    const begun = await client.request(
      `mutation($input: BeginOAuthConnectionInput!) { beginOAuthConnection(input: $input) {
        __typename ... on BeginOAuthConnectionSuccess { authorizeUrl } ... on Error { message } } }`,
      { input: { provider: 'MICROSOFT_MAIL', externalAccountId: 'user_42', sandbox: true } },
    );
    expect(begun.beginOAuthConnection.__typename).toBe('BeginOAuthConnectionSuccess');
    const consent = await fetch(begun.beginOAuthConnection.authorizeUrl, { redirect: 'manual' });
    const callback = await fetch(consent.headers.get('location')!, { redirect: 'manual' });
    const outcome = new URLSearchParams(new URL(callback.headers.get('location')!).hash.slice(1));
    expect(outcome.get('oauth')).toBe('connected');
    expect(outcome.get('jobId')).toBeTruthy(); // the callback started the INITIAL sync
    const id = outcome.get('connectionId')!;
    const row = await rowOf(id);
    expect(row.workspace_id).toBe(workspaceId);
    const oauthTokens = openCredentials(h.secretKey, row.credentials);
    tokens.push(
      oauthTokens.accessToken,
      ...(oauthTokens.refreshToken ? [oauthTokens.refreshToken] : []),
    );

    attempts++;
    const data = await client.request(UPDATE, {
      input: { id, settings: { baseUrl: listener.url } },
    });
    expect(data.updateConnection).toMatchObject({
      __typename: 'ValidationError',
      field: 'settings.baseUrl',
    });
    const first = await h.settled(dbId(id), 120_000);
    expect(first.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);

    // The row tampered with in the database, then an incremental sync that reads it.
    attempts++;
    await h.pool.query('UPDATE connections SET settings = $2 WHERE id = $1', [
      dbId(id),
      { baseUrl: listener.url, sandboxBaseUrl: `${listener.url}/msgraph` },
    ]);
    const jobs = await syncToEnd(id, 'INCREMENTAL');
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(listener.heard).toEqual([]);
  });
});

describe('what reached the listener', () => {
  it('is nothing: no request, no token', () => {
    expect(attempts).toBeGreaterThan(0);
    expect(listener.heard).toEqual([]);
    expect(listener.leaks(tokens)).toEqual([]);
  });
});
