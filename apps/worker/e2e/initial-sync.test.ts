import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SMALL_ACCOUNTS, STREAMS, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 2 });
});
afterAll(async () => {
  await h?.stop();
});

describe.each(SMALL_ACCOUNTS.map((a) => [a.provider, a.id] as const))(
  'INITIAL sync of %s %s',
  (provider, accountId) => {
    it('lands RECENT first, then HISTORICAL, and ends equal to the provider truth', async () => {
      const connectionId = await h.connect(provider, accountId);
      await h.sync(connectionId, 'INITIAL');
      const jobs = await h.settled(connectionId);
      expect(jobs.map((j) => [j.phase, j.status, j.error])).toEqual([
        ['RECENT', 'SUCCEEDED', null],
        ['HISTORICAL', 'SUCCEEDED', null],
      ]);
      const [recent, historical] = jobs;
      expect(recent.finished_at.getTime()).toBeLessThanOrEqual(historical.started_at.getTime());
      for (const stream of STREAMS[provider]) {
        const truth = await h.admin.truth(provider, accountId, stream);
        expect({ stream, ...(await h.stored(connectionId, stream)) }).toEqual({ stream, ...truth });
      }
      // Counters are exact: every stored record was counted as inserted exactly once.
      const total = (
        await h.pool.query('SELECT count(*)::int AS n FROM records WHERE connection_id = $1', [
          connectionId,
        ])
      ).rows[0].n;
      expect(recent.inserted + historical.inserted).toBe(total);
      // Nothing is left running or leased.
      const stray = await h.pool.query(
        `SELECT count(*)::int AS n FROM sync_chunks WHERE connection_id = $1 AND (status <> 'SUCCEEDED' OR lease_owner IS NOT NULL)`,
        [connectionId],
      );
      expect(stray.rows[0].n).toBe(0);
    });
  },
);
