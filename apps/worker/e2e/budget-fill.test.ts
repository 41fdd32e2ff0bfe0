import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const ACCOUNT = {
  provider: 'FACEBOOK_ADS',
  id: 'act_81',
  campaigns: 60,
  adsets: 150,
  ads: 400,
  ageDays: 700,
};
/** Each of the account's two budgets (management, insights): 20 calls per sliding 2 s. */
const BUDGET = { requests: 20, windowMs: 2000 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: 1, accounts: [ACCOUNT] });
});
afterAll(async () => {
  await h?.stop();
});

describe('a Facebook budget whose usage headers name a reset time', () => {
  it('is filled by the learned model without a single throttle, and the sync ends exact', async () => {
    await h.admin.setFaults({
      providers: { FACEBOOK_ADS: { accounts: { [ACCOUNT.id]: { rateLimit: BUDGET } } } },
    });
    await h.admin.resetStats();
    const id = await h.connect('FACEBOOK_ADS', ACCOUNT.id);
    await h.sync(id, 'INITIAL');
    const jobs = await h.settled(id, 240_000);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const result = await h.expectTruth(id);
    expect(result.mismatches).toEqual([]);
    expect(result.inserted).toBe(result.records);

    const stats = await h.admin.stats();
    // Several windows' worth of calls: the budget, not the account, set the pace.
    expect(stats.requests).toBeGreaterThan(5 * BUDGET.requests);
    expect(stats.throttled).toBe(0);
    // The insights budget's row: the window learned from reset_time_duration, a call's cost
    // from the readings (5% of 20 a window, give or take the whole-percent rounding).
    const { rows } = await h.pool.query<{
      model: { windowMs: number; windowKnown: boolean; percentSum: number; callSum: number };
    }>(`SELECT usage->'state'->'model' AS model FROM rate_budgets WHERE key = $1`, [
      `FACEBOOK_ADS:${ACCOUNT.id}:ads_insights`,
    ]);
    const model = rows[0]!.model;
    expect(model).toMatchObject({ windowMs: BUDGET.windowMs, windowKnown: true });
    expect(model.percentSum / model.callSum).toBeGreaterThan(4.5);
    expect(model.percentSum / model.callSum).toBeLessThan(6);
  }, 300_000);
});
