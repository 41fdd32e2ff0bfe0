import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

/**
 * A large ad account against the Marketing API's insights limits: too many rows for one call
 * (100/1487534) and async report runs that fail or are skipped.
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices
 * https://developers.facebook.com/docs/marketing-api/insights/error-codes
 */
const large = (id: string) => ({
  provider: 'FACEBOOK_ADS',
  id,
  campaigns: 60,
  adsets: 120,
  ads: 200,
  ageDays: 300,
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1, accounts: [large('act_51'), large('act_52')] });
});
afterAll(async () => {
  await h?.stop();
});

async function syncToEnd(accountId: string, faults: Record<string, unknown>) {
  await h.admin.setFaults({ providers: { FACEBOOK_ADS: { accounts: { [accountId]: faults } } } });
  const id = await h.connect('FACEBOOK_ADS', accountId, undefined, await h.newWorkspace(accountId));
  await h.sync(id, 'INITIAL');
  const jobs = await h.settled(id, 240_000);
  const chunks = await h.chunkStatuses(id);
  const events = await h.events(id);
  const truth = await h.expectTruth(id);
  return {
    statuses: jobs.map((job) => job.status),
    chunks,
    kinds: new Set(events.map((event) => event.kind)),
    truth,
  };
}

describe('a large ad account over the insights limits', () => {
  it('ends SUCCEEDED and equal to the truth when its insights exceed the per-call row limit', async () => {
    // Most planned chunks exceed a synchronous call; the larger ones exceed a report run too.
    const result = await syncToEnd('act_51', {
      insightsRowLimit: 400,
      asyncInsightsRowLimit: 1500,
      asyncJobMs: 50,
    });
    expect(result.statuses).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(result.chunks.FAILED).toBeUndefined();
    expect(result.kinds).toContain('CHUNK_SPLIT');
    expect(result.truth.mismatches).toEqual([]);
    expect(result.truth.inserted).toBe(result.truth.records);
  }, 300_000);

  it('still ends equal to the truth when report runs fail or are skipped at a rate', async () => {
    const result = await syncToEnd('act_52', {
      insightsRowLimit: 400,
      asyncJobMs: 50,
      asyncFailRate: 0.4,
      asyncSkipRate: 0.1,
    });
    expect(result.statuses).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(result.chunks.FAILED).toBeUndefined();
    expect(result.truth.mismatches).toEqual([]);
    expect(result.truth.inserted).toBe(result.truth.records);
  }, 300_000);
});
