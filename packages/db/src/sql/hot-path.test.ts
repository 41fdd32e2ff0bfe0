import { contentHash } from '@tributary/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, type Pool, withTransaction } from '../pool.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { LeaseLostError } from './chunk-row.ts';
import { claimChunk } from './claim-chunk.ts';
import { commitPage, type PageCommit } from './commit-page.ts';
import { recoverExpiredLeases } from './recover-leases.ts';
import { upsertRecords } from './upsert-records.ts';

let db: TestDatabase;
let pool: Pool;
let connectionId: string;
let jobId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 8);
  const ws = (await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id")).rows[0]
    .id;
  connectionId = (
    await pool.query(
      `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials)
       VALUES ($1, 'FACEBOOK_ADS', 'act_1', 'x', '\\x00') RETURNING id`,
      [ws],
    )
  ).rows[0].id;
  jobId = (
    await pool.query(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage)
       VALUES ($1, $2, 'INITIAL', 'RECENT', 'RUNNING', 'RUN') RETURNING id`,
      [ws, connectionId],
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
});

const rec = (id: string, value: number, stream = 'campaigns') => ({
  stream,
  externalId: id,
  data: { id, value },
});

describe('upsertRecords', () => {
  it('counts inserted, updated, unchanged and deleted exactly', async () => {
    expect(await upsertRecords(pool, connectionId, [rec('a', 1), rec('b', 1)])).toMatchObject({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const before = (await pool.query("SELECT seq FROM records WHERE external_id = 'a'")).rows[0]
      .seq;
    expect(
      await upsertRecords(pool, connectionId, [
        rec('a', 1),
        rec('b', 2),
        rec('c', 1),
        { ...rec('zzz', 0), deleted: true },
      ]),
    ).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, deleted: 0 });
    // Unchanged rows are not rewritten: readers paging by seq do not see them again.
    expect((await pool.query("SELECT seq FROM records WHERE external_id = 'a'")).rows[0].seq).toBe(
      before,
    );
    expect(
      await upsertRecords(pool, connectionId, [{ ...rec('a', 1), deleted: true }]),
    ).toMatchObject({ deleted: 1 });
    // A removed record that comes back is live again and counts as updated.
    expect(await upsertRecords(pool, connectionId, [rec('a', 1)])).toMatchObject({ updated: 1 });
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM records WHERE deleted_at IS NULL',
    );
    expect(rows[0].n).toBe(3);
  });

  it('stores each record’s data as given, hashed as contentHash hashes it', async () => {
    const data = { z: 'quote " and \\ and é\n', a: [1, { y: null, b: 2.5 }], m: { k: true } };
    const modifiedAt = new Date('2024-05-06T07:08:09.123Z');
    await withTransaction(pool, (tx) =>
      upsertRecords(tx, connectionId, [
        { stream: 'campaigns', externalId: 'd1', data, modifiedAt },
      ]),
    );
    const { rows } = await pool.query(
      "SELECT data, content_hash, modified_at FROM records WHERE external_id = 'd1'",
    );
    expect(rows).toEqual([{ data, content_hash: contentHash(data), modified_at: modifiedAt }]);
    // The same data with its keys in another order is unchanged.
    const reordered = { m: { k: true }, a: [1, { b: 2.5, y: null }], z: data.z };
    const again = await withTransaction(pool, (tx) =>
      upsertRecords(tx, connectionId, [{ stream: 'campaigns', externalId: 'd1', data: reordered }]),
    );
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('treats a repeated id within one page as one record', async () => {
    expect(await upsertRecords(pool, connectionId, [rec('a', 1), rec('a', 2)])).toMatchObject({
      inserted: 1,
    });
    const { rows } = await pool.query("SELECT data FROM records WHERE external_id = 'a'");
    expect(rows[0].data).toEqual({ id: 'a', value: 2 });
  });

  it('counts each new record once when concurrent writers race on it', async () => {
    const page = Array.from({ length: 200 }, (_, i) => rec(`r${i}`, 1));
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => withTransaction(pool, (tx) => upsertRecords(tx, connectionId, page))),
    );
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(200);
    expect(results.reduce((sum, r) => sum + r.unchanged, 0)).toBe(600);
  });
});

async function chunk(status = 'PENDING', leaseOwner: string | null = null, leaseSeconds = 60) {
  const { rows } = await pool.query(
    `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, lease_owner, lease_expires_at)
     VALUES ($1, $2, (SELECT coalesce(max(index), 0) + 1 FROM sync_chunks), 'campaigns', 'structure', $3, $4,
             now() + make_interval(secs => $5)) RETURNING id`,
    [jobId, connectionId, status, leaseOwner, leaseSeconds],
  );
  return rows[0].id as string;
}

const page = (chunkId: string, owner: string, over: Partial<PageCommit> = {}): PageCommit => ({
  chunkId,
  owner,
  leaseMs: 30_000,
  connectionId,
  stream: 'campaigns',
  records: [rec('x1', 1), rec('x2', 1)],
  nextCursor: { after: 'p2' },
  activity: 'Campaigns',
  elapsedMs: 10,
  seenByJobId: null,
  notifyProgress: true,
  updateThroughput: (_prev, items, ms) => (items * 1000) / ms,
  ...over,
});

describe('leases', () => {
  it('a live lease cannot be claimed; an expired one can, and the old owner can no longer commit', async () => {
    const id = await chunk();
    expect(await claimChunk(pool, id, 'worker-a', 60_000)).toHaveProperty('claimed');
    expect(await claimChunk(pool, id, 'worker-b', 60_000)).toEqual({ skipped: true, connectionId });
    await pool.query(
      "UPDATE sync_chunks SET lease_expires_at = now() - interval '1 second' WHERE id = $1",
      [id],
    );
    expect(await claimChunk(pool, id, 'worker-b', 60_000)).toHaveProperty('claimed');
    const stale = await withTransaction(pool, (tx) => commitPage(tx, page(id, 'worker-a'))).catch(
      (e) => e,
    );
    expect(stale).toBeInstanceOf(LeaseLostError);
    expect((await pool.query('SELECT count(*)::int AS n FROM records')).rows[0].n).toBe(0);
    const ok = await withTransaction(pool, (tx) => commitPage(tx, page(id, 'worker-b')));
    expect(ok.inserted).toBe(2);
    const row = (
      await pool.query(
        'SELECT checkpoint, pages_fetched, inserted FROM sync_chunks WHERE id = $1',
        [id],
      )
    ).rows[0];
    expect(row).toEqual({ checkpoint: { after: 'p2' }, pages_fetched: 1, inserted: 2 });
  });

  it('at most the connection limit of chunks hold live leases; an expired lease frees its slot', async () => {
    const running = await chunk('RUNNING', 'w1', 60);
    const other = await chunk('RUNNING', 'w2', 60);
    const next = await chunk();
    expect(await claimChunk(pool, next, 'w3', 60_000, 2)).toEqual({ busy: true });
    expect(
      (await pool.query('SELECT status FROM sync_chunks WHERE id = $1', [next])).rows[0].status,
    ).toBe('PENDING');
    await pool.query(
      "UPDATE sync_chunks SET lease_expires_at = now() - interval '1 second' WHERE id = $1",
      [running],
    );
    expect(await claimChunk(pool, next, 'w3', 60_000, 2)).toHaveProperty('claimed');
    expect(other).toBeDefined();
  });

  it("a per-provider limit applies the connection's provider's number, and none to a provider left out", async () => {
    await chunk('RUNNING', 'w1', 60);
    await chunk('RUNNING', 'w2', 60);
    const next = await chunk();
    // The connection is FACEBOOK_ADS: the mailbox limit of 1 is not its own.
    expect(
      await claimChunk(pool, next, 'w3', 60_000, { FACEBOOK_ADS: 2, MICROSOFT_MAIL: 1 }),
    ).toEqual({ busy: true });
    expect(await claimChunk(pool, next, 'w3', 60_000, { MICROSOFT_MAIL: 1 })).toHaveProperty(
      'claimed',
    );
    const another = await chunk();
    expect(
      await claimChunk(pool, { nextOf: connectionId }, 'w4', 60_000, { FACEBOOK_ADS: 4 }),
    ).toMatchObject({ claimed: { id: another } });
  });

  it("a lane claims its connection's most urgent chunk; concurrent lanes never get the same one", async () => {
    const first = await chunk();
    const second = await chunk();
    const third = await chunk();
    await pool.query('UPDATE sync_chunks SET priority = 5 WHERE id = $1', [third]);
    const urgent = await claimChunk(pool, { nextOf: connectionId }, 'lane-a', 60_000, 4);
    expect('claimed' in urgent && urgent.claimed.id).toBe(third);
    const claims = await Promise.all(
      ['lane-b', 'lane-c', 'lane-d'].map((lane) =>
        claimChunk(pool, { nextOf: connectionId }, lane, 60_000, 4),
      ),
    );
    const claimed = claims.flatMap((c) => ('claimed' in c ? [c.claimed.id] : []));
    expect(claimed.sort()).toEqual([first, second].sort());
    // The last lane found nothing runnable: it stops, rather than waiting for a slot.
    expect(claims.filter((c) => 'skipped' in c)).toEqual([{ skipped: true, connectionId }]);
  });

  it('a lane works a long queue in priority, then index order, each chunk once', async () => {
    // 300 chunks: three priorities, a third already finished, one rate-limited for an hour.
    await pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status, priority)
       SELECT $1, $2, i, 'campaigns', 'structure',
              CASE WHEN i % 3 = 0 THEN 'SUCCEEDED' ELSE 'PENDING' END::"ChunkStatus", (i * 7) % 3
         FROM generate_series(1, 300) i`,
      [jobId, connectionId],
    );
    await pool.query(
      `UPDATE sync_chunks SET status = 'RATE_LIMITED', run_after = now() + interval '1 hour'
        WHERE index = 2`,
    );
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM sync_chunks WHERE status = 'PENDING' ORDER BY priority DESC, index`,
    );
    const order: string[] = [];
    for (;;) {
      const claim = await claimChunk(pool, { nextOf: connectionId }, 'lane-a', 60_000, 1);
      if (!('claimed' in claim)) break;
      order.push(claim.claimed.id);
      await pool.query("UPDATE sync_chunks SET status = 'SUCCEEDED' WHERE id = $1", [
        claim.claimed.id,
      ]);
    }
    expect(order).toEqual(rows.map((r) => r.id));
  });

  it('a lane takes a rate-limited chunk once its time has come, not before', async () => {
    const waiting = await chunk('RATE_LIMITED');
    const due = await chunk('RATE_LIMITED');
    await pool.query("UPDATE sync_chunks SET run_after = now() + interval '1 hour' WHERE id = $1", [
      waiting,
    ]);
    await pool.query(
      "UPDATE sync_chunks SET run_after = now() - interval '1 second' WHERE id = $1",
      [due],
    );
    const claim = await claimChunk(pool, { nextOf: connectionId }, 'lane-a', 60_000, 2);
    expect('claimed' in claim && claim.claimed.id).toBe(due);
    expect(await claimChunk(pool, { nextOf: connectionId }, 'lane-b', 60_000, 2)).toEqual({
      skipped: true,
      connectionId,
    });
  });

  it('a lane handing over its slot may claim past the limit; no other claim may', async () => {
    const finishing = await chunk('RUNNING', 'lane-a', 60);
    await chunk('RUNNING', 'lane-b', 60);
    const next = await chunk();
    expect(await claimChunk(pool, { nextOf: connectionId }, 'lane-c', 60_000, 2)).toEqual({
      busy: true,
    });
    const handOver = await claimChunk(
      pool,
      { nextOf: connectionId },
      'lane-a',
      60_000,
      2,
      finishing,
    );
    expect('claimed' in handOver && handOver.claimed.id).toBe(next);
    // While the hand-over lasts (limit + 1 leases), a plain claim still finds the connection busy.
    const later = await chunk();
    expect(await claimChunk(pool, later, 'lane-c', 60_000, 2)).toEqual({ busy: true });
  });

  it('a failed transaction leaves records, checkpoint and counters untouched', async () => {
    const id = await chunk();
    await claimChunk(pool, id, 'w', 60_000);
    const error = await withTransaction(pool, async (tx) => {
      await commitPage(tx, page(id, 'w'));
      throw new Error('crash after the page was written');
    }).catch((e) => e);
    expect(error.message).toMatch(/crash/);
    expect((await pool.query('SELECT count(*)::int AS n FROM records')).rows[0].n).toBe(0);
    const row = (
      await pool.query('SELECT checkpoint, pages_fetched FROM sync_chunks WHERE id = $1', [id])
    ).rows[0];
    expect(row).toEqual({ checkpoint: null, pages_fetched: 0 });
  });

  it('the last page completes the chunk and releases its lease', async () => {
    const id = await chunk();
    await claimChunk(pool, id, 'w', 60_000);
    const result = await withTransaction(pool, (tx) =>
      commitPage(tx, page(id, 'w', { nextCursor: null })),
    );
    expect(result.chunkDone).toBe(true);
    const row = (
      await pool.query('SELECT status, lease_owner FROM sync_chunks WHERE id = $1', [id])
    ).rows[0];
    expect(row).toEqual({ status: 'SUCCEEDED', lease_owner: null });
  });

  it('recovers expired leases and counts stalls', async () => {
    const expired = await chunk('RUNNING', 'dead-worker', -5);
    const live = await chunk('RUNNING', 'live-worker', 60);
    const recovered = await recoverExpiredLeases(pool);
    expect(recovered.map((r) => r.id)).toEqual([expired]);
    expect(recovered[0]?.stalled_leases).toBe(1);
    const rows = (
      await pool.query('SELECT id, status FROM sync_chunks WHERE id = ANY($1)', [[expired, live]])
    ).rows;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [expired]: 'PENDING',
      [live]: 'RUNNING',
    });
  });
});
