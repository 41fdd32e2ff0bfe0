import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Slow enough that a connection's requests overlap whenever its lanes run side by side.
const LATENCY_MS = 100;
const ADS = {
  provider: 'FACEBOOK_ADS',
  id: 'act_61',
  campaigns: 30,
  adsets: 60,
  ads: 100,
  ageDays: 400,
};

let h: Harness;
beforeAll(async () => {
  // More handlers than the old fixed two lanes, so only the connection's own limit bounds it.
  h = await startHarness({ workers: 1, concurrency: 8, accounts: [ADS] });
});
afterAll(async () => {
  await h?.stop();
});

describe('requests in flight per connection', () => {
  it('an ad account, paced by its budget rather than a count, runs more than two requests at once', async () => {
    await h.admin.setFaults({ providers: { FACEBOOK_ADS: { latencyMs: LATENCY_MS } } });
    await h.admin.resetStats();
    const id = await h.connect('FACEBOOK_ADS', ADS.id);
    await h.sync(id, 'INITIAL');
    expect((await h.settled(id)).map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const stats = (await h.admin.stats()).perAccount[`FACEBOOK_ADS:${ADS.id}`]!;
    // The old fixed two lanes never passed 2.
    expect(stats.peakConcurrent).toBeGreaterThan(2);
    expect(stats.throttled).toBe(0);
    expect((await h.expectTruth(id)).mismatches).toEqual([]);
    await h.admin.clearFaults();
  }, 120_000);
});
