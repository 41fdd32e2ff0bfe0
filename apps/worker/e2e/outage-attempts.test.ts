import { connectionLimits } from '@tributary/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

// Issue 13: attempts count failures of the chunk, not of the provider. The breaker opens only
// after several transient failures; the chunks that made them must not carry those attempts
// past the outage, or one stray 5xx afterwards fails a chunk (found by the long chaos run).
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    workers: 1,
    accounts: [
      { provider: 'FACEBOOK_ADS', id: 'act_81', campaigns: 20, adsets: 40, ads: 60, ageDays: 300 },
    ],
    config: {
      // One chunk at a time: the failures before the opening come one after another, so what
      // the chunks hold when the breaker opens is exact.
      connectionLimits: connectionLimits(1),
      retry: { maxAttempts: 3, baseMs: 50, maxMs: 200, factor: 2 },
      breaker: {
        failureThreshold: 3,
        windowMs: 30_000,
        minWaitMs: 1000,
        maxWaitMs: 2000,
        probeTimeoutMs: 10_000,
      },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('attempts spent by an outage', () => {
  it('are given back when the breaker opens; after the outage one failure costs one attempt', async () => {
    const faults = (more: Record<string, unknown>) =>
      h.admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_81: { latencyMs: 20, ...more } } } },
      });
    await faults({});
    const id = await h.connect('FACEBOOK_ADS', 'act_81');
    await h.sync(id, 'INITIAL');
    await waitFor(async () => ((await h.chunkStatuses(id)).SUCCEEDED ?? 0) > 0);
    await faults({ errorRate: 1 });
    await waitFor(async () => (await h.events(id, 'PROVIDER_UNAVAILABLE')).length > 0);

    const { rows } = await h.pool.query<{ attempts: number; n: number }>(
      `SELECT attempts, count(*)::int AS n FROM sync_chunks
        WHERE connection_id = $1 AND status IN ('PENDING', 'RATE_LIMITED') GROUP BY attempts`,
      [id],
    );
    // Before the fix the two failures before the opening stayed on their chunks (attempts 2).
    expect(rows.filter((r) => r.attempts > 0)).toEqual([]);
    const spent = await h.events(id, 'CHUNK_RETRYING');
    expect(spent.length, 'failures before the breaker opened').toBeGreaterThan(0);

    await faults({});
    const jobs = await h.settled(id, 120_000);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect((await h.chunkStatuses(id)).FAILED ?? 0).toBe(0);
    const result = await h.expectTruth(id);
    expect(result.mismatches).toEqual([]);
  }, 180_000);
});
