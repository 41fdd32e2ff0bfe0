import { updateThroughput } from '@tributary/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool, withTransaction } from '../pool.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { LeaseLostError } from './chunk-row.ts';
import { commitPage, commitsInOneStatement, type PageCommit } from './commit-page.ts';
import { SYNC_EVENTS_CHANNEL } from './record-event.ts';

let db: TestDatabase;
let pool: Pool;
let workspaceId: string;
let connectionId: string;
let jobId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 8);
  workspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id"))
    .rows[0].id;
  connectionId = (
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials)
       VALUES ($1, 'FACEBOOK_ADS', 'act_1', 'x', '\\x00') RETURNING id`,
      [workspaceId],
    )
  ).rows[0].id;
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});
beforeEach(async () => {
  await pool.query('DELETE FROM records');
  await pool.query('DELETE FROM sync_chunks');
  await pool.query('DELETE FROM sync_jobs');
  await pool.query('DELETE FROM stream_states');
  jobId = (
    await pool.query(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage)
       VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING', 'RUN') RETURNING id`,
      [workspaceId, connectionId],
    )
  ).rows[0].id;
});

async function runningChunk(owner: string): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, lease_owner, lease_expires_at)
     VALUES ($1, $2, (SELECT count(*) FROM sync_chunks), 'campaigns', 'structure', 'RUNNING', $3,
             now() + interval '1 minute') RETURNING id`,
    [jobId, connectionId, owner],
  );
  return rows[0].id as string;
}

const records = (ids: string[], value = 1) =>
  ids.map((id) => ({ stream: 'campaigns', externalId: id, data: { id, value } }));

const page = (chunkId: string, owner: string, over: Partial<PageCommit> = {}): PageCommit => ({
  chunkId,
  jobId,
  workspaceId,
  owner,
  leaseMs: 30_000,
  connectionId,
  stream: 'campaigns',
  records: records(['a', 'b']),
  nextCursor: { after: 'p2' },
  activity: 'Campaigns',
  elapsedMs: 250,
  seenByJobId: null,
  notifyProgress: true,
  ...over,
});

const count = async (sql: string, values: unknown[] = []) =>
  (await pool.query(sql, values)).rows[0].n as number;

/** PROGRESS notifications received while `work` runs. */
async function notificationsDuring(work: () => Promise<unknown>): Promise<unknown[]> {
  const listener = await pool.connect();
  const heard: unknown[] = [];
  listener.on('notification', (message) => heard.push(JSON.parse(message.payload ?? 'null')));
  try {
    await listener.query(`LISTEN ${SYNC_EVENTS_CHANNEL}`);
    await work().catch(() => {});
    // A round trip on the listener after the commit: notifications committed before it arrive first.
    await listener.query('SELECT 1');
    await listener.query(`UNLISTEN ${SYNC_EVENTS_CHANNEL}`);
  } finally {
    listener.removeAllListeners('notification');
    listener.release();
  }
  return heard;
}

describe('commitPage in one statement', () => {
  it('takes most pages, not those with "seen" marks or removals', () => {
    expect(commitsInOneStatement(page('c', 'w'))).toBe(true);
    expect(commitsInOneStatement(page('c', 'w', { seenByJobId: jobId }))).toBe(false);
    const removal = { ...records(['a'])[0]!, deleted: true };
    expect(commitsInOneStatement(page('c', 'w', { records: [removal] }))).toBe(false);
  });

  it('writes records, checkpoint, chunk and job counters and notifies, from the pool alone', async () => {
    const id = await runningChunk('w');
    const heard = await notificationsDuring(() => commitPage(pool, page(id, 'w')));
    expect(heard).toEqual([
      expect.objectContaining({ workspaceId, jobId, chunkId: id, kind: 'PROGRESS' }),
    ]);
    expect(await count('SELECT count(*)::int AS n FROM records')).toBe(2);
    const chunkRow = (
      await pool.query(
        'SELECT checkpoint, pages_fetched, items_processed, inserted FROM sync_chunks WHERE id = $1',
        [id],
      )
    ).rows[0];
    expect(chunkRow).toEqual({
      checkpoint: { after: 'p2' },
      pages_fetched: 1,
      items_processed: 2,
      inserted: 2,
    });
    const second = await commitPage(pool, page(id, 'w', { records: records(['a', 'c'], 1) }));
    expect(second).toMatchObject({ inserted: 1, updated: 0, unchanged: 1, jobStatus: 'RUNNING' });
    const jobRow = (
      await pool.query(
        'SELECT items_processed, inserted, unchanged, current_activity FROM sync_jobs WHERE id = $1',
        [jobId],
      )
    ).rows[0];
    expect(jobRow).toEqual({
      items_processed: 4,
      inserted: 3,
      unchanged: 1,
      current_activity: 'Campaigns',
    });
  });

  it("a stale owner's commit writes nothing and notifies no one", async () => {
    const id = await runningChunk('worker-b');
    const heard = await notificationsDuring(async () => {
      const error = await commitPage(pool, page(id, 'worker-a')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeaseLostError);
    });
    expect(heard).toEqual([]);
    expect(await count('SELECT count(*)::int AS n FROM records')).toBe(0);
    expect(await count('SELECT pages_fetched::int AS n FROM sync_chunks WHERE id = $1', [id])).toBe(
      0,
    );
    expect(
      await count('SELECT items_processed::int AS n FROM sync_jobs WHERE id = $1', [jobId]),
    ).toBe(0);
  });

  it('a finished chunk takes no further page', async () => {
    const id = await runningChunk('w');
    await commitPage(pool, page(id, 'w', { nextCursor: null }));
    const late = await commitPage(pool, page(id, 'w')).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(LeaseLostError);
    expect(await count('SELECT pages_fetched::int AS n FROM sync_chunks WHERE id = $1', [id])).toBe(
      1,
    );
  });

  it('chunks of one job committing the same records at once count each record once', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `r${i}`);
    const chunks = await Promise.all(['l1', 'l2', 'l3', 'l4'].map(runningChunk));
    const results = await Promise.all(
      chunks.map((id, i) => commitPage(pool, page(id, `l${i + 1}`, { records: records(ids) }))),
    );
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(150);
    expect(results.reduce((sum, r) => sum + r.inserted + r.unchanged, 0)).toBe(600);
    const job = (
      await pool.query('SELECT items_processed, inserted, unchanged FROM sync_jobs WHERE id = $1', [
        jobId,
      ])
    ).rows[0];
    expect(job).toEqual({ items_processed: 600, inserted: 150, unchanged: 450 });
  });

  it("folds a page into the job's throughput as core's updateThroughput does", async () => {
    const id = await runningChunk('w');
    await commitPage(pool, page(id, 'w', { records: records(['a', 'b', 'c', 'd']) }));
    const first = (
      await pool.query('SELECT throughput_per_second AS t FROM sync_jobs WHERE id = $1', [jobId])
    ).rows[0].t;
    // The job's first page: its rate over the page's own time (4 records in 250 ms).
    expect(first).toBeCloseTo(updateThroughput(null, 4, 250), 6);
    await pool.query(
      `UPDATE sync_jobs SET throughput_per_second = 100, last_progress_at = now() - interval '2 seconds'
        WHERE id = $1`,
      [jobId],
    );
    await commitPage(pool, page(id, 'w', { records: records(['e', 'f']) }));
    const folded = (
      await pool.query('SELECT throughput_per_second AS t FROM sync_jobs WHERE id = $1', [jobId])
    ).rows[0].t;
    // 2 s (and the few ms this test took) since the last progress.
    expect(folded).toBeLessThanOrEqual(updateThroughput(100, 2, 2000));
    expect(folded).toBeGreaterThan(updateThroughput(100, 2, 2200));
  });

  it("the chunk's last page stores the stream's cursor and completes the chunk", async () => {
    const id = await runningChunk('w');
    const streamCursor = { stream: 'campaigns', cursor: { since: '2026-11-30' } };
    const done = await withTransaction(pool, (tx) =>
      commitPage(tx, page(id, 'w', { nextCursor: null, streamCursor })),
    );
    expect(done.chunkDone).toBe(true);
    const state = (
      await pool.query('SELECT cursor FROM stream_states WHERE connection_id = $1', [connectionId])
    ).rows;
    expect(state).toEqual([{ cursor: { since: '2026-11-30' } }]);
    const row = (
      await pool.query('SELECT status, lease_owner FROM sync_chunks WHERE id = $1', [id])
    ).rows[0];
    expect(row).toEqual({ status: 'SUCCEEDED', lease_owner: null });
  });
});
