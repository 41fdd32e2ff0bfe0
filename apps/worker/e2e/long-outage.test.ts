import { DEFAULT_BREAKER_POLICY } from '@tributary/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Issue 13: "A 15 s or 2 minute total outage ends with 0 FAILED chunks". The 15 s case runs with
// shrunken breaker waits in resilience.test.ts; this one keeps the engine's default breaker
// policy (first wait 5 s, doubling), so what it shows is what a deployment would do.
const OUTAGE_MS = 120_000;
const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_71', campaigns: 30, adsets: 60, ads: 100, ageDays: 400 },
  { provider: 'FACEBOOK_PAGES', id: 'page_71', conversations: 400, ageDays: 400 },
  { provider: 'MICROSOFT_MAIL', id: 'user_71', messages: 4000, ageDays: 400 },
] as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 2, accounts: [...ACCOUNTS], config: { leaseMs: 3000 } });
});
afterAll(async () => {
  await h?.stop();
});

function faultsForAll(faults: Record<string, unknown>) {
  const providers: Record<string, { accounts: Record<string, unknown> }> = {};
  for (const account of ACCOUNTS) {
    providers[account.provider] ??= { accounts: {} };
    providers[account.provider]!.accounts[account.id] = faults;
  }
  return h.admin.setFaults({ providers });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a two-minute total outage of every provider', () => {
  it('with the default breaker policy: every sync waits it out and ends SUCCEEDED, exact, 0 FAILED', async () => {
    await faultsForAll({ latencyMs: 150 });
    const ids = await Promise.all(ACCOUNTS.map((a) => h.connect(a.provider, a.id)));
    await Promise.all(ids.map((id) => h.sync(id, 'INITIAL')));
    // Mid-sync: every connection has landed something.
    await waitFor(async () => {
      const statuses = await Promise.all(ids.map((id) => h.chunkStatuses(id)));
      return statuses.every((s) => (s.SUCCEEDED ?? 0) > 0);
    });
    const outageStarted = Date.now();
    await faultsForAll({ latencyMs: 150, outageMs: OUTAGE_MS });
    // ...and none has finished, so the outage meets every one of them.
    const running = await h.pool.query<{ n: number }>(
      `SELECT count(DISTINCT connection_id)::int AS n FROM sync_jobs
        WHERE connection_id = ANY($1) AND status IN ('PENDING', 'RUNNING')`,
      [ids],
    );
    expect(running.rows[0]!.n, 'connections still syncing when the outage began').toBe(ids.length);

    const jobs = await Promise.all(ids.map((id) => h.settled(id, OUTAGE_MS + 240_000)));
    const finished = Date.now();
    for (const [index, id] of ids.entries()) {
      const provider = ACCOUNTS[index]!.provider;
      expect(
        jobs[index]!.map((j) => [j.phase, j.status]),
        provider,
      ).toEqual([
        ['RECENT', 'SUCCEEDED'],
        ['HISTORICAL', 'SUCCEEDED'],
      ]);
      expect((await h.chunkStatuses(id)).FAILED ?? 0, provider).toBe(0);
      const result = await h.expectTruth(id);
      expect(result.mismatches, provider).toEqual([]);
      expect(result.inserted, provider).toBe(result.records);

      // The connection was parked with growing waits, not retried chunk by chunk until FAILED.
      const parked = await h.events(id, 'PROVIDER_UNAVAILABLE');
      const waits = parked.map((e) => e.data?.waitMs ?? 0);
      expect(parked.length, provider).toBeGreaterThan(1);
      expect(Math.max(...waits), provider).toBeGreaterThan(DEFAULT_BREAKER_POLICY.minWaitMs);
      console.log(
        `${provider}: ${parked.length} openings, waits ${waits.map((w) => Math.round(w / 1000)).join(', ')} s`,
      );
    }
    console.log(
      `2-minute outage: all synced ${Math.round((finished - outageStarted - OUTAGE_MS) / 1000)} s after it ended, 0 FAILED`,
    );
  }, 420_000);
});
