import { createPool, type Pool } from '@tributary/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/ids.ts';
import { collect, type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob } from '../testing/fixtures.ts';
import { SyncEventHub } from './sync-event-hub.ts';

let h: Harness;
let a: { workspaceId: string; key: string };
let b: { workspaceId: string; key: string };
let connectionId: string;

beforeAll(async () => {
  h = await startHarness();
  a = await h.workspace('A');
  b = await h.workspace('B');
  connectionId = await h.connection(a.workspaceId);
});
afterAll(() => h.close());

/** What the worker does in a page transaction: advance counters and NOTIFY, atomically. */
async function workerCommitsPage(
  pool: Pool,
  workspaceId: string,
  jobId: string,
  items: number,
  kind = 'PROGRESS',
) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `UPDATE sync_jobs SET items_processed = $2, current_activity = 'Reading campaigns' WHERE id = $1`,
      [jobId, items],
    );
    await client.query("SELECT pg_notify('tributary_sync_events', $1)", [
      JSON.stringify({
        workspaceId,
        jobId,
        kind,
        message: `${items} items`,
        chunkId: null,
        at: new Date().toISOString(),
      }),
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const PROGRESS = `subscription($j: ID!) { syncProgress(jobId: $j) {
  kind message job { id status progress { itemsProcessed percent currentActivity } chunkCounts { total failed } } } }`;

type ProgressEvent = {
  syncProgress: {
    kind: string;
    message: string | null;
    job: { id: string; progress: { itemsProcessed: number; percent: number } };
  };
};

describe('syncProgress and syncActivity over graphql-ws', () => {
  it('first sends the job’s current state, then each event the worker notifies', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const client = h.wsClient(a.key);
    const sub = collect<ProgressEvent>(client, PROGRESS, { j: globalId('SyncJob', jobId) }, 3);
    // The current state arrives first, before the worker has said anything.
    await sub.reached(1);
    expect(sub.events.length).toBe(1);
    expect(sub.events[0]!.syncProgress).toMatchObject({
      kind: 'PROGRESS',
      message: null,
      // 2 of 3 chunks finished outweighs 40 of 100 items.
      job: { progress: { itemsProcessed: 40, percent: 66.7 } },
    });
    await workerCommitsPage(h.pool, a.workspaceId, jobId, 70);
    // An event carries the job as read when it reaches the API, so a page committed before
    // the first is delivered would already show in it: commit the next one after.
    await sub.reached(2);
    expect(sub.events.length).toBe(2);
    await workerCommitsPage(h.pool, a.workspaceId, jobId, 90, 'RATE_LIMITED');
    const events = await sub.done;
    expect(
      events.slice(1).map((e) => [e.syncProgress.kind, e.syncProgress.job.progress.itemsProcessed]),
    ).toEqual([
      ['PROGRESS', 70],
      ['RATE_LIMITED', 90],
    ]);
  });

  it('never delivers uncommitted progress (the NOTIFY rides the page transaction)', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const client = h.wsClient(a.key);
    const sub = collect<ProgressEvent>(client, PROGRESS, { j: globalId('SyncJob', jobId) }, 2);
    await sub.reached(1);
    expect(sub.events.length).toBe(1);
    const rolledBack = await h.pool.connect();
    await rolledBack.query('BEGIN');
    await rolledBack.query("SELECT pg_notify('tributary_sync_events', $1)", [
      JSON.stringify({
        workspaceId: a.workspaceId,
        jobId,
        kind: 'PROGRESS',
        message: 'rolled back',
        chunkId: null,
        at: new Date().toISOString(),
      }),
    ]);
    await rolledBack.query('ROLLBACK');
    rolledBack.release();
    await workerCommitsPage(h.pool, a.workspaceId, jobId, 55);
    const events = await sub.done;
    expect(events[1]!.syncProgress.message).toBe('55 items');
  });

  it('syncActivity carries every job of the caller’s workspace and none of another’s', async () => {
    const jobA = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const otherConnection = await h.connection(b.workspaceId);
    const jobB = await insertJob(h.pool, {
      workspaceId: b.workspaceId,
      connectionId: otherConnection,
    });
    const client = h.wsClient(a.key);
    const sub = collect<{ syncActivity: { kind: string; job: { id: string } } }>(
      client,
      'subscription { syncActivity { kind job { id } } }',
      {},
      100,
    );
    // Initial state: every unfinished job of A (these fixtures are all RUNNING).
    const { rows } = await h.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sync_jobs WHERE workspace_id = $1 AND status = 'RUNNING'",
      [a.workspaceId],
    );
    await sub.reached(rows[0]!.n);
    expect(sub.events.length).toBe(rows[0]!.n);
    const initial = sub.events.length;
    await workerCommitsPage(h.pool, b.workspaceId, jobB, 10, 'STATUS_CHANGED');
    await workerCommitsPage(h.pool, a.workspaceId, jobA, 20, 'CHUNK_FAILED');
    await sub.reached(initial + 1);
    expect(sub.events.length).toBe(initial + 1);
    expect(sub.events.at(-1)!.syncActivity).toEqual({
      kind: 'CHUNK_FAILED',
      job: { id: globalId('SyncJob', jobA) },
    });
    expect(sub.events.some((e) => e.syncActivity.job.id === globalId('SyncJob', jobB))).toBe(false);
    sub.unsubscribe();
  });
});

describe('many subscribers sharing each event', () => {
  it('every subscriber of a job gets every event in commit order, never older than its commit', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const pages = [10, 20, 30, 40, 50, 60, 70, 80];
    // 8 sockets × 3 subscriptions, all the same operation: one shared execution per event.
    const subs = Array.from({ length: 8 }, () => h.wsClient(a.key)).flatMap((client) =>
      Array.from({ length: 3 }, () =>
        collect<ProgressEvent>(
          client,
          PROGRESS,
          { j: globalId('SyncJob', jobId) },
          1 + pages.length,
        ),
      ),
    );
    await Promise.all(subs.map((sub) => sub.reached(1)));
    expect(subs.every((sub) => sub.events.length === 1)).toBe(true);
    // Back to back, as a worker commits pages: no waiting for delivery in between.
    for (const items of pages) await workerCommitsPage(h.pool, a.workspaceId, jobId, items);
    for (const sub of subs) {
      const events = (await sub.done).slice(1);
      expect(events.map((e) => e.syncProgress.message)).toEqual(pages.map((n) => `${n} items`));
      for (const [i, event] of events.entries()) {
        expect(event.syncProgress.job.progress.itemsProcessed).toBeGreaterThanOrEqual(pages[i]!);
      }
    }
  });

  it('two workspaces watching with the same operation each see only their own jobs', async () => {
    const jobA = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const connectionB = await h.connection(b.workspaceId);
    const jobB = await insertJob(h.pool, { workspaceId: b.workspaceId, connectionId: connectionB });
    const ACTIVITY =
      'subscription { syncActivity { kind message job { id progress { itemsProcessed } } } }';
    type Activity = {
      syncActivity: {
        message: string | null;
        job: { id: string; progress: { itemsProcessed: number } };
      };
    };
    const watch = (key: string) => collect<Activity>(h.wsClient(key), ACTIVITY, {}, 1000);
    const [a1, a2, b1, b2] = [watch(a.key), watch(a.key), watch(b.key), watch(b.key)];
    const opened = async (workspaceId: string) => {
      const { rows } = await h.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sync_jobs WHERE workspace_id = $1 AND status = 'RUNNING'",
        [workspaceId],
      );
      return rows[0]!.n;
    };
    const [openA, openB] = [await opened(a.workspaceId), await opened(b.workspaceId)];
    await expect
      .poll(() => [a1, a2, b1, b2].map((s) => s.events.length))
      .toEqual([openA, openA, openB, openB]);
    for (const items of [1, 2, 3]) {
      await workerCommitsPage(h.pool, a.workspaceId, jobA, 100 + items);
      await workerCommitsPage(h.pool, b.workspaceId, jobB, 200 + items);
    }
    await expect
      .poll(() => [a1, a2, b1, b2].map((s) => s.events.length))
      .toEqual([openA + 3, openA + 3, openB + 3, openB + 3]);
    const live = (sub: { events: Activity[] }, open: number) =>
      sub.events.slice(open).map((e) => [e.syncActivity.job.id, e.syncActivity.message]);
    const expected = (jobId: string, base: number) =>
      [1, 2, 3].map((n) => [globalId('SyncJob', jobId), `${base + n} items`]);
    expect(live(a1, openA)).toEqual(expected(jobA, 100));
    expect(live(a2, openA)).toEqual(expected(jobA, 100));
    expect(live(b1, openB)).toEqual(expected(jobB, 200));
    expect(live(b2, openB)).toEqual(expected(jobB, 200));
    for (const sub of [a1, a2, b1, b2]) sub.unsubscribe();
  });
});

describe('SyncEventHub', () => {
  it('loads a job once per notification however many subscribers watch it', async () => {
    const pool = createPool(h.db.url, 4);
    let jobLoads = 0;
    const counting = new Proxy(pool, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return (text: string, values?: unknown[]) => {
            if (typeof text === 'string' && text.includes('FROM sync_jobs j')) jobLoads++;
            return target.query(text, values);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const hub = new SyncEventHub({
      databaseUrl: h.db.url,
      pool: counting,
      logger: pino({ level: 'silent' }),
    });
    await hub.start();
    try {
      const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
      const iterators = Array.from({ length: 25 }, () =>
        hub.subscribe({ workspaceId: a.workspaceId, jobId }),
      );
      await Promise.all(iterators.map((it) => it.next())); // the initial snapshots
      jobLoads = 0;
      await workerCommitsPage(h.pool, a.workspaceId, jobId, 77);
      const next = await Promise.all(iterators.map((it) => it.next()));
      expect(next.every((r) => !r.done && r.value.job.itemsProcessed === 77)).toBe(true);
      expect(jobLoads).toBe(1);
      await Promise.all(iterators.map((it) => it.return?.()));
      expect(hub.subscriberCount).toBe(0);
    } finally {
      await hub.close();
      await pool.end();
    }
  });
});
