import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1 });
});
afterAll(async () => {
  await h?.stop();
});

describe('FULL_RESYNC and CUSTOM_RANGE', () => {
  it('FULL_RESYNC re-reads everything and marks what vanished at the provider as deleted', async () => {
    const id = await h.connect('FACEBOOK_ADS', 'act_42');
    await h.sync(id, 'INITIAL');
    await h.settled(id);
    const removed = await h.admin.mutate({
      provider: 'FACEBOOK_ADS',
      accountId: 'act_42',
      remove: { campaigns: 1 },
    });
    expect(removed.removed).toBeGreaterThan(0);
    await h.sync(id, 'FULL_RESYNC');
    const jobs = await h.settled(id);
    const resync = jobs.filter((j) => j.mode === 'FULL_RESYNC');
    expect(resync.map((j) => [j.phase, j.status])).toEqual([
      ['RECENT', 'SUCCEEDED'],
      ['HISTORICAL', 'SUCCEEDED'],
    ]);
    // The removed campaign and everything under it (ad sets, ads, their insights) are gone.
    expect(resync[1].deleted).toBeGreaterThanOrEqual(removed.removed);
    expect(resync[0].inserted + resync[1].inserted).toBe(0);
    expect((await h.expectTruth(id)).mismatches).toEqual([]);
    const soft = await h.pool.query(
      'SELECT count(*)::int AS n FROM records WHERE connection_id = $1 AND deleted_at IS NOT NULL',
      [id],
    );
    expect(soft.rows[0].n).toBe(resync[1].deleted);
  });

  it('CUSTOM_RANGE syncs exactly the chosen window', async () => {
    const id = await h.connect('MICROSOFT_MAIL', 'user_42');
    const to = new Date(Date.now() - 100 * 86_400_000);
    const from = new Date(to.getTime() - 30 * 86_400_000);
    await h.sync(id, 'CUSTOM_RANGE', { from, to });
    const [job] = await h.settled(id);
    expect(job).toMatchObject({ phase: 'CUSTOM', status: 'SUCCEEDED' });
    const outside = await h.pool.query(
      `SELECT count(*)::int AS n FROM records WHERE connection_id = $1 AND stream = 'messages'
          AND ((data->>'receivedDateTime')::timestamptz < $2 OR (data->>'receivedDateTime')::timestamptz >= $3)`,
      [id, from, to],
    );
    expect(outside.rows[0].n).toBe(0);
    const inside = await h.pool.query(
      "SELECT count(*)::int AS n FROM records WHERE connection_id = $1 AND stream = 'messages'",
      [id],
    );
    expect(inside.rows[0].n).toBeGreaterThan(0);
  });
});
