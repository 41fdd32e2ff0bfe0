import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../pool.ts';
import { createQueue, type Queue } from '../queue/create-queue.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { markConnectionDeleted, purgeDeletedConnection } from './delete-connection.ts';

let db: TestDatabase;
let pool: Pool;
let queue: Queue;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4);
  queue = createQueue(db.url);
  await queue.start();
  workspaceId = (await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id"))
    .rows[0].id;
});
afterAll(async () => {
  await queue.stop({ graceful: false });
  await pool.end();
  await db.drop();
});

async function connectionWithRecords(account: string, records: number): Promise<string> {
  const connectionId = (
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials)
       VALUES ($1, 'FACEBOOK_ADS', $2, 'x', '\\x00') RETURNING id`,
      [workspaceId, account],
    )
  ).rows[0].id as string;
  await pool.query(
    `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage)
     VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING', 'RUN')`,
    [workspaceId, connectionId],
  );
  await pool.query(
    `INSERT INTO records (connection_id, stream, external_id, data, content_hash)
     SELECT $1, 'campaigns', g::text, '{}', md5(g::text) FROM generate_series(1, $2) g`,
    [connectionId, records],
  );
  return connectionId;
}

const count = async (sql: string, id: string) => (await pool.query(sql, [id])).rows[0].n as number;
const recordsOf = (id: string) =>
  count('SELECT count(*)::int AS n FROM records WHERE connection_id = $1', id);
const rowOf = (id: string) => count('SELECT count(*)::int AS n FROM connections WHERE id = $1', id);

describe('deleting a connection', () => {
  it('hides it, cancels its syncs, frees the account and queues the purge, in one step', async () => {
    const id = await connectionWithRecords('act_1', 10);
    expect(await markConnectionDeleted({ pool, queue }, workspaceId, id)).toBe(true);
    const row = (await pool.query('SELECT deleted_at, status FROM connections WHERE id = $1', [id]))
      .rows[0];
    expect(row.deleted_at).not.toBeNull();
    expect(row.status).toBe('DISABLED');
    expect(
      (await pool.query('SELECT status FROM sync_jobs WHERE connection_id = $1', [id])).rows,
    ).toEqual([{ status: 'CANCELLED' }]);
    const jobs = await pool.query(
      "SELECT data FROM pgboss.job WHERE name = 'connection-purge' AND data->>'connectionId' = $1",
      [id],
    );
    expect(jobs.rows).toEqual([{ data: { workspaceId, connectionId: id } }]);
    // The records wait for the worker; the account can be connected again right away.
    expect(await recordsOf(id)).toBe(10);
    await connectionWithRecords('act_1', 1);
    // A second delete, or one from another workspace, finds nothing.
    expect(await markConnectionDeleted({ pool, queue }, workspaceId, id)).toBe(false);
  });

  it('purges in batches, and a purge killed midway is finished by the next run', async () => {
    const id = await connectionWithRecords('act_2', 1000);
    const other = await connectionWithRecords('act_3', 50);
    await markConnectionDeleted({ pool, queue }, workspaceId, id);
    const crash = new Error('worker killed');
    await expect(
      purgeDeletedConnection(
        pool,
        { workspaceId, connectionId: id },
        {
          batch: 100,
          afterBatch: async (deleted) => {
            if (deleted >= 300) throw crash;
          },
        },
      ),
    ).rejects.toBe(crash);
    expect(await recordsOf(id)).toBe(700);
    expect(await rowOf(id)).toBe(1);

    expect(await purgeDeletedConnection(pool, { workspaceId, connectionId: id })).toEqual({
      records: 700,
    });
    expect(await recordsOf(id)).toBe(0);
    expect(await rowOf(id)).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM sync_jobs WHERE connection_id = $1', id),
    ).toBe(0);
    // A retry after success, and the other connection, are untouched.
    expect(await purgeDeletedConnection(pool, { workspaceId, connectionId: id })).toEqual({
      records: 0,
    });
    expect(await recordsOf(other)).toBe(50);
  });

  it('never purges a connection that was not deleted', async () => {
    const id = await connectionWithRecords('act_4', 5);
    expect(await purgeDeletedConnection(pool, { workspaceId, connectionId: id })).toEqual({
      records: 0,
    });
    expect(await recordsOf(id)).toBe(5);
  });
});
