// An INITIAL sync driven and observed only through the API (HTTP + graphql-ws), with a real
// database, the provider sandbox over HTTP and an in-process worker.
import { randomBytes } from 'node:crypto';
import type { ProviderId } from '@tributary/core';
import { createApiKey, createPool, createWorkspace, type Pool } from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The worker app exports no package entry; its source is the process the API talks to.
import { connectors } from '../../worker/src/connectors.ts';
import { type RunningWorker, startWorker } from '../../worker/src/worker.ts';
import { parseId } from '../src/schema/ids.ts';
import { type ApiServer, createApiServer } from '../src/server.ts';
import { type GraphqlClient, graphqlClient, type Recording, record } from './graphql-client.ts';
import {
  createSandboxConnection,
  jobEnded,
  type ProgressEvent,
  readStream,
  START_SYNC,
  STREAMS,
  SYNC_ACTIVITY,
  SYNC_PROGRESS,
  startInitialSync,
} from './sync-api.ts';

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_42', campaigns: 10, adsets: 20, ads: 30, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 300, ageDays: 200 },
] as const;

let db: TestDatabase;
let pool: Pool;
let sandbox: SandboxServer;
let api: ApiServer;
let worker: RunningWorker | null = null;
let client: GraphqlClient;
const secretKey = randomBytes(32);
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({ accounts: ACCOUNTS as never });
  api = await createApiServer({ databaseUrl: db.url, port: 0, secretKey, logger: silent });
  const workspace = await createWorkspace(pool, { name: 'e2e' });
  const { key } = await createApiKey(pool, { workspaceId: workspace.id, name: 'e2e' });
  client = graphqlClient(api.url, key);
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await api?.close();
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
});

type Watched = {
  provider: ProviderId;
  accountId: string;
  connectionId: string;
  recentId: string;
  historicalId: string;
  /** What a second `startSync` answered while the first was pending. */
  secondStart: { __typename: string; job?: { id: string } };
  recent: Recording<{ syncProgress: ProgressEvent }>;
  historical: Recording<{ syncProgress: ProgressEvent }>;
};

const watched: Watched[] = [];
let activity: Recording<{ syncActivity: ProgressEvent }>;
const progressOf = (r: Recording<{ syncProgress: ProgressEvent }>) =>
  r.events.map((e) => e.syncProgress);

// The sync runs once; each test below checks one promise about what the API showed of it.
beforeAll(async () => {
  for (const account of ACCOUNTS) {
    const connectionId = await createSandboxConnection(client, account.provider, account.id);
    const { recentId, historicalId } = await startInitialSync(client, connectionId);
    const again = await client.request(START_SYNC, { input: { connectionId, mode: 'INITIAL' } });
    watched.push({
      provider: account.provider,
      accountId: account.id,
      connectionId,
      recentId,
      historicalId,
      secondStart: again.startSync,
      recent: record(client.ws, SYNC_PROGRESS, { jobId: recentId }),
      historical: record(client.ws, SYNC_PROGRESS, { jobId: historicalId }),
    });
  }
  // Subscribed after the starts: the feed opens with every unfinished job's state.
  activity = record(client.ws, SYNC_ACTIVITY);
  await activity.until((events) => events.length === 2 * ACCOUNTS.length);
  // Every subscription holds its job's current state before any work starts, so no event of
  // the sync can slip past a subscriber.
  for (const w of watched) {
    await w.recent.until((events) => events.length > 0);
    await w.historical.until((events) => events.length > 0);
  }
  worker = await startWorker({
    databaseUrl: db.url,
    secretKey,
    connectors,
    concurrency: 4,
    maintenanceIntervalMs: 200,
    logger: silent,
    config: {
      sandboxUrl: sandbox.url,
      leaseMs: 3000,
      retry: { maxAttempts: 3, baseMs: 50, maxMs: 500, factor: 2 },
    },
  });
  for (const w of watched) {
    await w.recent.until((events) =>
      jobEnded(
        events.map((e) => e.syncProgress),
        w.recentId,
      ),
    );
    await w.historical.until((events) =>
      jobEnded(
        events.map((e) => e.syncProgress),
        w.historicalId,
      ),
    );
  }
});

afterAll(() => {
  activity?.stop();
  for (const w of watched) {
    w.recent.stop();
    w.historical.stop();
  }
});

describe.each(ACCOUNTS.map((a) => [a.provider, a.id] as const))(
  'INITIAL sync of %s %s, seen only through the API',
  (provider, accountId) => {
    const w = () => watched.find((x) => x.provider === provider && x.accountId === accountId)!;
    const phases = () => [progressOf(w().recent), progressOf(w().historical)];

    it('refused a second start while pending, naming the job that runs', () => {
      expect(w().secondStart).toMatchObject({
        __typename: 'SyncAlreadyRunningError',
        job: { id: w().recentId },
      });
    });

    it('ends RECENT then HISTORICAL, both SUCCEEDED, announced by live events', () => {
      const [recent, historical] = phases();
      expect(recent![0]!.job.status).toBe('PENDING');
      for (const events of phases()) {
        expect([events.at(-1)!.job.status, events.at(-1)!.job.error]).toEqual(['SUCCEEDED', null]);
        const kinds = new Set(events.map((e) => e.kind));
        expect(kinds).toContain('PROGRESS');
        expect(kinds).toContain('STATUS_CHANGED');
      }
      // History starts only after the recent window has landed.
      const recentDone = recent!.find((e) => e.job.status === 'SUCCEEDED')!;
      const historyStarted = historical!.find((e) => e.job.status === 'RUNNING')!;
      expect(Date.parse(recentDone.at)).toBeLessThanOrEqual(Date.parse(historyStarted.at));
      // The workspace-wide feed saw both phases end too.
      const seen = activity.events.map((e) => e.syncActivity);
      expect(jobEnded(seen, w().recentId)).toBe(true);
      expect(jobEnded(seen, w().historicalId)).toBe(true);
    });

    it('shows percent never going backwards, and 100 only once the phase has finished', () => {
      for (const events of phases()) {
        const phase = events[0]!.job.phase;
        const percents = events.map((e) => `${e.job.status} ${e.job.progress.percent}`);
        const sorted = [...events]
          .sort((a, b) => a.job.progress.percent - b.job.progress.percent)
          .map((e) => `${e.job.status} ${e.job.progress.percent}`);
        expect({ phase, percents }).toEqual({ phase, percents: sorted });
        const early = percents.filter((p) => p.endsWith(' 100') && !p.startsWith('SUCCEEDED'));
        expect({ phase, early }).toEqual({ phase, early: [] });
        expect(percents.at(-1)).toBe('SUCCEEDED 100');
      }
    });

    it('serves records equal to the provider truth, counted exactly once by the progress counters', async () => {
      const admin = sandboxAdmin(sandbox.url);
      let total = 0;
      for (const stream of STREAMS[provider]) {
        const truth = await admin.truth(provider, accountId, stream);
        const served = await readStream(client, w().connectionId, stream);
        expect({ stream, count: served.count, digest: served.digest }).toEqual({
          stream,
          count: truth.count,
          digest: truth.digest,
        });
        total += served.count;
      }
      expect(total).toBeGreaterThan(0);
      const final = phases().map((events) => events.at(-1)!.job.progress);
      expect(final.reduce((sum, p) => sum + p.inserted, 0)).toBe(total);
      expect(final.reduce((sum, p) => sum + p.updated + p.deleted + p.skipped, 0)).toBe(0);
    });
  },
);

describe('deleting a synced connection', () => {
  it('removes it with its records, jobs and chunks, and leaves the other connection whole', async () => {
    // Runs after the checks above (vitest runs a file's tests in order).
    const [gone, kept] = watched;
    // Rows are keyed by the uuid inside the API's global id.
    const count = async (sql: string, id: string) =>
      (await pool.query(sql, [parseId('Connection', id)])).rows[0].n as number;
    const records = 'SELECT count(*)::int AS n FROM records WHERE connection_id = $1';
    const keptBefore = await count(records, kept!.connectionId);
    expect(await count(records, gone!.connectionId)).toBeGreaterThan(0);
    const result = await client.request(
      'mutation($c: ID!) { deleteConnection(id: $c) { __typename } }',
      { c: gone!.connectionId },
    );
    expect(result.deleteConnection.__typename).toBe('DeleteConnectionSuccess');
    // The answer comes at once and the connection is gone from every query...
    const after = await client.request(
      'query($c: ID!) { node(id: $c) { id } connections { edges { node { id } } } }',
      {
        c: gone!.connectionId,
      },
    );
    expect(after.node).toBeNull();
    expect(after.connections.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      kept!.connectionId,
    ]);
    // ...while the worker removes its records in the background (the connection-purge job).
    await expect
      .poll(
        () => count('SELECT count(*)::int AS n FROM connections WHERE id = $1', gone!.connectionId),
        {
          timeout: 60_000,
          interval: 100,
        },
      )
      .toBe(0);
    expect(await count(records, gone!.connectionId)).toBe(0);
    for (const table of ['sync_jobs', 'sync_chunks']) {
      const sql = `SELECT count(*)::int AS n FROM ${table} WHERE connection_id = $1`;
      expect({ table, n: await count(sql, gone!.connectionId) }).toEqual({ table, n: 0 });
    }
    expect(await count(records, kept!.connectionId)).toBe(keptBefore);
  });
});
