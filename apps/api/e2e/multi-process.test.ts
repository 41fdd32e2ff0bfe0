// Two API processes and two worker processes on one database: every subscriber, whichever
// API process it is connected to, sees every event of a sync started through the other.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKey,
  createPool,
  createWorkspace,
  notifySyncEvent,
  type Pool,
} from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseId } from '../src/schema/ids.ts';
import { type AppProcess, startAppProcess } from './app-process.ts';
import { type GraphqlClient, graphqlClient, type Recording, record } from './graphql-client.ts';
import {
  createSandboxConnection,
  jobEnded,
  type ProgressEvent,
  SYNC_ACTIVITY,
  SYNC_PROGRESS,
  startInitialSync,
} from './sync-api.ts';

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_42', campaigns: 20, adsets: 40, ads: 60, ageDays: 400 },
  { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 300, ageDays: 400 },
] as const;
const SENTINEL = 'e2e: everything before this was delivered';

let db: TestDatabase;
let pool: Pool;
let sandbox: SandboxServer;
let dataDir: string;
let env: Record<string, string>;
const apis: AppProcess[] = [];
const workers: AppProcess[] = [];
const clients: GraphqlClient[] = [];
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  sandbox = await startSandboxServer({ port: 0 });
  await sandboxAdmin(sandbox.url).reset({ accounts: ACCOUNTS as never });
  dataDir = await mkdtemp(join(tmpdir(), 'tributary-api-e2e-'));
  env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TRIBUTARY_DATA_DIR: dataDir,
    TRIBUTARY_SECRET_KEY: randomBytes(32).toString('base64'),
    TRIBUTARY_SANDBOX_URL: sandbox.url,
    LOG_LEVEL: 'info',
  };
  // PORT=0: each process picks a free port and logs its URL, so no port can be taken meanwhile.
  for (let i = 0; i < 2; i++) {
    apis.push(startAppProcess('apps/api/src/main.ts', { ...env, PORT: '0' }, 'API listening'));
  }
  const urls = await Promise.all(apis.map(async (api) => String((await api.ready).url)));
  const workspace = await createWorkspace(pool, { name: 'e2e' });
  workspaceId = workspace.id;
  const { key } = await createApiKey(pool, { workspaceId, name: 'e2e' });
  for (const url of urls) clients.push(graphqlClient(url.replace(/\/graphql$/, ''), key));
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await Promise.all([...workers, ...apis].map((p) => p.stop()));
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const dbId = (jobId: string) => parseId('SyncJob', jobId)!;

type Subscriber = { api: number; jobId: string; events: () => ProgressEvent[] };

describe('two API processes, two worker processes', () => {
  it('delivers every recorded event of a sync to subscribers on both API processes', async () => {
    const [first, second] = clients as [GraphqlClient, GraphqlClient];
    const jobIds: string[] = [];
    for (const account of ACCOUNTS) {
      const connectionId = await createSandboxConnection(first, account.provider, account.id);
      const { recentId, historicalId } = await startInitialSync(first, connectionId);
      jobIds.push(recentId, historicalId);
    }
    // Subscribed after the starts: the feed opens with every unfinished job's state.
    const activity = clients.map((c) =>
      record<{ syncActivity: ProgressEvent }>(c.ws, SYNC_ACTIVITY),
    );
    const progress: Recording<{ syncProgress: ProgressEvent }>[] = [];
    const subscribers: Subscriber[] = [];
    for (const [api, client] of [first, second].entries()) {
      for (const jobId of jobIds) {
        const recording = record<{ syncProgress: ProgressEvent }>(client.ws, SYNC_PROGRESS, {
          jobId,
        });
        progress.push(recording);
        subscribers.push({ api, jobId, events: () => recording.events.map((e) => e.syncProgress) });
        subscribers.push({
          api,
          jobId,
          events: () =>
            activity[api]!.events.map((e) => e.syncActivity).filter((e) => e.job.id === jobId),
        });
      }
    }
    // Subscribed (each holds its job's current state) before any worker exists.
    await Promise.all(progress.map((r) => r.until((events) => events.length > 0)));
    await Promise.all(activity.map((r) => r.until((events) => events.length >= jobIds.length)));

    // Events logged before now (the start's "queued") are folded into the opening state.
    const { rows: before } = await pool.query<{ last: string }>(
      'SELECT coalesce(max(id), 0)::text AS last FROM sync_events',
    );
    const loggedBefore = before[0]!.last;

    // Which worker holds a chunk lease, sampled whenever an event arrives.
    const leaseOwners = new Set<string>();
    const sampleLeases = async () => {
      const { rows } = await pool.query<{ owner: string }>(
        'SELECT DISTINCT lease_owner AS owner FROM sync_chunks WHERE lease_owner IS NOT NULL',
      );
      for (const row of rows) leaseOwners.add(row.owner);
    };
    const workerEnv = {
      ...env,
      CHUNK_LEASE_MS: '3000',
      RETRY_BASE_MS: '50',
      MAINTENANCE_INTERVAL_MS: '500',
      WORKER_CONCURRENCY: '4',
    };
    for (let i = 0; i < 2; i++) {
      workers.push(startAppProcess('apps/worker/src/main.ts', workerEnv, 'worker started'));
    }
    const workerIds = await Promise.all(workers.map(async (w) => String((await w.ready).workerId)));

    // Both phases of both connections end, as the first API process's activity feed shows.
    const samples: Promise<void>[] = [];
    await activity[0]!.until((events) => {
      samples.push(sampleLeases());
      const seen = events.map((e) => e.syncActivity);
      return jobIds.every((jobId) => jobEnded(seen, jobId));
    });
    await Promise.all(samples);

    // No worker writes after this, so the activity log is final; the sentinel NOTIFY then marks
    // the end of everything each API process had to deliver (NOTIFYs arrive in commit order).
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0]);
    for (const jobId of jobIds) {
      await notifySyncEvent(pool, {
        workspaceId,
        jobId: dbId(jobId),
        kind: 'PROGRESS',
        message: SENTINEL,
      });
    }
    // syncProgress completes after its job's final event, so it has all it will deliver.
    await Promise.all(progress.map((r) => r.ended));
    await Promise.all(
      activity.map((r) =>
        r.until(
          (events) =>
            events.filter((e) => e.syncActivity.message === SENTINEL).length === jobIds.length,
        ),
      ),
    );

    for (const subscriber of subscribers) {
      const { rows } = await pool.query<{ kind: string; message: string | null }>(
        'SELECT kind, message FROM sync_events WHERE job_id = $1 AND id > $2 ORDER BY id',
        [dbId(subscriber.jobId), loggedBefore],
      );
      const events = subscriber.events().filter((e) => e.message !== SENTINEL);
      const logged = rows.map((r) => `${r.kind} ${r.message}`).sort();
      // The opening state a subscriber gets first may repeat an event logged before it subscribed.
      const earlier = await pool.query<{ kind: string; message: string | null }>(
        'SELECT kind, message FROM sync_events WHERE job_id = $1 AND id <= $2',
        [dbId(subscriber.jobId), loggedBefore],
      );
      const opening = new Set(earlier.rows.map((r) => `${r.kind} ${r.message}`));
      const received = events
        .filter((e) => e.kind !== 'PROGRESS')
        .map((e) => `${e.kind} ${e.message}`)
        .filter((line, index, all) => !(opening.has(line) && all.indexOf(line) === index))
        .sort();
      const who = { api: subscriber.api, jobId: subscriber.jobId };
      expect({ ...who, received }).toEqual({ ...who, received: logged });
      expect(events.filter((e) => e.kind === 'PROGRESS').length).toBeGreaterThan(0);
      expect(events.at(-1)!.job.status).toBe('SUCCEEDED');
    }
    expect(leaseOwners.size).toBeGreaterThan(0);
    for (const owner of leaseOwners) expect(workerIds).toContain(owner);
    console.log(`chunk leases held by ${leaseOwners.size} of 2 worker processes`);
    for (const r of [...progress, ...activity]) r.stop();
  });
});
