import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Two busy ad accounts whose pages are slow take all four of the worker's handlers (each may
// run many more lanes than that); a third, small account arrives after them.
const BUSY = ['act_81', 'act_82'].map((id) => ({
  provider: 'FACEBOOK_ADS',
  id,
  campaigns: 60,
  adsets: 120,
  ads: 200,
  ageDays: 400,
}));
const LATE = {
  provider: 'FACEBOOK_ADS',
  id: 'act_83',
  campaigns: 6,
  adsets: 12,
  ads: 20,
  ageDays: 200,
};

/** The harness worker's concurrency. */
const HANDLERS = 4;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1, accounts: [...BUSY, LATE], config: { laneTurnMs: 500 } });
  await h.admin.setFaults({
    providers: {
      FACEBOOK_ADS: { accounts: { act_81: { latencyMs: 300 }, act_82: { latencyMs: 300 } } },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const historicalChunksRunning = async (connectionId: string) =>
  (
    await h.pool.query(
      `SELECT count(*)::int AS n FROM sync_chunks c JOIN sync_jobs j ON j.id = c.job_id
        WHERE c.connection_id = $1 AND j.phase = 'HISTORICAL' AND c.status = 'RUNNING'`,
      [connectionId],
    )
  ).rows[0].n as number;

describe('more connections than handlers', () => {
  it('a connection that arrives while every handler is busy syncs before the busy ones finish', async () => {
    const busy = [];
    for (const account of BUSY) {
      const id = await h.connect('FACEBOOK_ADS', account.id);
      await h.sync(id, 'INITIAL');
      busy.push(id);
    }
    // Every handler is on the busy accounts' long HISTORICAL phase before the late one asks for
    // any (phase boundaries free handlers by themselves; the middle of a phase does not).
    for (;;) {
      const counts = await Promise.all(busy.map(historicalChunksRunning));
      if (counts.reduce((sum, n) => sum + n, 0) >= HANDLERS) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const late = await h.connect('FACEBOOK_ADS', LATE.id);
    await h.sync(late, 'INITIAL');
    expect((await h.settled(late, 60_000)).map((j) => j.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    // Lanes handed their connections back to the queue in turn, so the late account did not
    // wait for them: both busy accounts are still syncing.
    for (const id of busy) {
      const unfinished = await h.pool.query(
        `SELECT count(*)::int AS n FROM sync_jobs WHERE connection_id = $1
            AND status IN ('PENDING', 'RUNNING')`,
        [id],
      );
      expect(unfinished.rows[0].n).toBeGreaterThan(0);
    }
    expect((await h.expectTruth(late)).mismatches).toEqual([]);
    await h.admin.clearFaults();
    for (const id of busy) {
      expect((await h.settled(id, 120_000)).map((j) => j.status)).toEqual([
        'SUCCEEDED',
        'SUCCEEDED',
      ]);
    }
  }, 180_000);
});
