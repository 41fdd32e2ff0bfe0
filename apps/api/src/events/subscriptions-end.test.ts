import type { Pool } from '@tributary/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/ids.ts';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob } from '../testing/fixtures.ts';

let h: Harness;
let a: { workspaceId: string; key: string };
let connectionId: string;

beforeAll(async () => {
  h = await startHarness();
  a = await h.workspace('A');
  connectionId = await h.connection(a.workspaceId);
});
afterAll(() => h.close());

/** What the worker does: change the job and NOTIFY, in one transaction. */
async function workerSays(pool: Pool, jobId: string, kind: string, status?: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (status) {
      await client.query(
        `UPDATE sync_jobs SET status = $2::"SyncJobStatus",
                finished_at = CASE WHEN $2 IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'COMPLETED_WITH_ERRORS') THEN now() END
          WHERE id = $1`,
        [jobId, status],
      );
    }
    await client.query("SELECT pg_notify('tributary_sync_events', $1)", [
      JSON.stringify({
        workspaceId: a.workspaceId,
        jobId,
        kind,
        message: kind,
        chunkId: null,
        at: new Date().toISOString(),
      }),
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

type Event = { syncProgress: { kind: string; job: { id: string; phase: string; status: string } } };

/** Every event of a subscription, and whether the server completed it. */
function follow(query: string, variables: Record<string, unknown>) {
  const events: Event['syncProgress'][] = [];
  let completed = false;
  const client = h.wsClient(a.key);
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe<Event>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) reject(new Error(JSON.stringify(value.errors)));
          else events.push(value.data!.syncProgress);
        },
        error: reject,
        complete: () => {
          completed = true;
          resolve();
        },
      },
    );
  });
  return { events, done, completed: () => completed };
}

const PROGRESS = `subscription($j: ID!, $f: Boolean) { syncProgress(jobId: $j, followPhases: $f) {
  kind job { id phase status } } }`;

describe('syncProgress ends', () => {
  it('sends a finished job’s state and completes', async () => {
    const jobId = await insertJob(h.pool, {
      workspaceId: a.workspaceId,
      connectionId,
      status: 'SUCCEEDED',
    });
    const sub = follow(PROGRESS, { j: globalId('SyncJob', jobId) });
    await sub.done;
    expect(sub.events).toEqual([
      {
        kind: 'PROGRESS',
        job: { id: globalId('SyncJob', jobId), phase: 'RECENT', status: 'SUCCEEDED' },
      },
    ]);
  });

  it('completes after PHASE_COMPLETED of a succeeded job, not at the first event that shows it done', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const sub = follow(PROGRESS, { j: globalId('SyncJob', jobId) });
    await expect.poll(() => sub.events.length).toBe(1);
    // The last page's PROGRESS can load the job after it finished; its final events follow.
    await workerSays(h.pool, jobId, 'PROGRESS', 'SUCCEEDED');
    await workerSays(h.pool, jobId, 'STATUS_CHANGED');
    await workerSays(h.pool, jobId, 'PHASE_COMPLETED');
    await sub.done;
    expect(sub.events.map((e) => `${e.kind} ${e.job.status}`)).toEqual([
      'PROGRESS RUNNING',
      'PROGRESS SUCCEEDED',
      'STATUS_CHANGED SUCCEEDED',
      'PHASE_COMPLETED SUCCEEDED',
    ]);
  });

  it('completes after the STATUS_CHANGED of a failed job', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const sub = follow(PROGRESS, { j: globalId('SyncJob', jobId) });
    await expect.poll(() => sub.events.length).toBe(1);
    await workerSays(h.pool, jobId, 'STATUS_CHANGED', 'FAILED');
    await sub.done;
    expect(sub.events.map((e) => `${e.kind} ${e.job.status}`)).toEqual([
      'PROGRESS RUNNING',
      'STATUS_CHANGED FAILED',
    ]);
  });

  it('with followPhases, goes on with the next phase and completes after the last', async () => {
    const recent = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const { rows } = await h.pool.query<{ id: string }>(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, previous_phase_id, root_job_id)
       VALUES ($1, $2, 'INITIAL', 'HISTORICAL', 'PENDING', $3, $3) RETURNING id`,
      [a.workspaceId, connectionId, recent],
    );
    const historical = rows[0]!.id;
    const sub = follow(PROGRESS, { j: globalId('SyncJob', recent), f: true });
    const alone = follow(PROGRESS, { j: globalId('SyncJob', recent) });
    await expect.poll(() => sub.events.length).toBe(1);
    await expect.poll(() => alone.events.length).toBe(1);
    await workerSays(h.pool, recent, 'STATUS_CHANGED', 'SUCCEEDED');
    await workerSays(h.pool, recent, 'PHASE_COMPLETED');
    await alone.done;
    // The next phase's state comes first, then its events.
    await expect.poll(() => sub.events.length).toBe(4);
    expect(sub.completed()).toBe(false);
    await workerSays(h.pool, historical, 'STATUS_CHANGED', 'RUNNING');
    await expect.poll(() => sub.events.length).toBe(5);
    await workerSays(h.pool, historical, 'STATUS_CHANGED', 'SUCCEEDED');
    await workerSays(h.pool, historical, 'PHASE_COMPLETED');
    await sub.done;
    expect(sub.events.map((e) => `${e.job.phase} ${e.kind} ${e.job.status}`)).toEqual([
      'RECENT PROGRESS RUNNING',
      'RECENT STATUS_CHANGED SUCCEEDED',
      'RECENT PHASE_COMPLETED SUCCEEDED',
      'HISTORICAL PROGRESS PENDING',
      'HISTORICAL STATUS_CHANGED RUNNING',
      'HISTORICAL STATUS_CHANGED SUCCEEDED',
      'HISTORICAL PHASE_COMPLETED SUCCEEDED',
    ]);
    expect(alone.events).toHaveLength(3);
  });
});

describe('a subscription over HTTP', () => {
  it('gets a clear error saying to use the WebSocket, not an internal error', async () => {
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const res = await h.gql(a.key, PROGRESS, { j: globalId('SyncJob', jobId) });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_OVER_HTTP');
    expect(res.errors?.[0]?.message).toMatch(/WebSocket.*graphql-ws/);
  });
});
