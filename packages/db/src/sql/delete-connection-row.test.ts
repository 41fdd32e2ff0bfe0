import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool, withTransaction } from '../pool.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { LeaseLostError } from './chunk-row.ts';
import { commitPage, type PageCommit } from './commit-page.ts';
import { deleteConnectionRow } from './delete-connection-row.ts';

let db: TestDatabase;
let pool: Pool;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 8);
  workspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id"))
    .rows[0].id;
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** A connection with a RUNNING job and a chunk leased to `owner`. */
async function runningConnection(account: string, owner: string) {
  const connectionId = (
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials)
       VALUES ($1, 'FACEBOOK_ADS', $2, 'x', '\\x00') RETURNING id`,
      [workspaceId, account],
    )
  ).rows[0].id as string;
  const jobId = (
    await pool.query(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage)
       VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING', 'RUN') RETURNING id`,
      [workspaceId, connectionId],
    )
  ).rows[0].id as string;
  const chunkId = (
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, lease_owner, lease_expires_at)
       VALUES ($1, $2, 0, 'campaigns', 'structure', 'RUNNING', $3, now() + interval '1 minute')
       RETURNING id`,
      [jobId, connectionId, owner],
    )
  ).rows[0].id as string;
  return { connectionId, chunkId };
}

const page = (connectionId: string, chunkId: string, ids: string[]): PageCommit => ({
  chunkId,
  owner: 'lane',
  leaseMs: 30_000,
  connectionId,
  stream: 'campaigns',
  records: ids.map((id) => ({ stream: 'campaigns', externalId: id, data: { id } })),
  nextCursor: { after: ids.at(-1) },
  activity: 'Campaigns',
  elapsedMs: 10,
  seenByJobId: null,
  notifyProgress: false,
  updateThroughput: (_prev, items, ms) => (items * 1000) / ms,
});

const recordsOf = async (connectionId: string) =>
  (
    await pool.query('SELECT count(*)::int AS n FROM records WHERE connection_id = $1', [
      connectionId,
    ])
  ).rows[0].n as number;

describe('deleteConnectionRow', () => {
  it('waits for a page commit in flight, then leaves none of its records behind', async () => {
    const { connectionId, chunkId } = await runningConnection('act_race', 'lane');
    const writer = await pool.connect();
    try {
      await writer.query('BEGIN');
      await commitPage(writer, page(connectionId, chunkId, ['a', 'b', 'c']));
      // The commit holds its chunk's row lock; the delete must queue behind it.
      const deleting = deleteConnectionRow(pool, workspaceId, connectionId);
      await waitUntilBlocked();
      await writer.query('COMMIT');
      expect(await deleting).toBe(true);
    } finally {
      writer.release();
    }
    expect(await recordsOf(connectionId)).toBe(0);
    const left = await pool.query('SELECT count(*)::int AS n FROM connections WHERE id = $1', [
      connectionId,
    ]);
    expect(left.rows[0].n).toBe(0);
  });

  it('a commit that comes after the delete writes nothing', async () => {
    const { connectionId, chunkId } = await runningConnection('act_late', 'lane');
    expect(await deleteConnectionRow(pool, workspaceId, connectionId)).toBe(true);
    const late = await withTransaction(pool, (tx) =>
      commitPage(tx, page(connectionId, chunkId, ['x'])),
    ).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(LeaseLostError);
    expect(await recordsOf(connectionId)).toBe(0);
  });

  it("refuses another workspace's connection and changes nothing", async () => {
    const { connectionId, chunkId } = await runningConnection('act_other', 'lane');
    await withTransaction(pool, (tx) => commitPage(tx, page(connectionId, chunkId, ['k'])));
    const otherWorkspace = (
      await pool.query("INSERT INTO workspaces (name) VALUES ('other') RETURNING id")
    ).rows[0].id as string;
    expect(await deleteConnectionRow(pool, otherWorkspace, connectionId)).toBe(false);
    expect(await recordsOf(connectionId)).toBe(1);
    const chunks = await pool.query('SELECT count(*)::int AS n FROM sync_chunks WHERE id = $1', [
      chunkId,
    ]);
    expect(chunks.rows[0].n).toBe(1);
  });
});

/** Until some backend waits on a row lock (the delete behind the open commit). */
async function waitUntilBlocked(): Promise<void> {
  for (;;) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
