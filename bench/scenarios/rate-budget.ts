import { enginePass, workerRss } from './engine-pass.ts';
import { adsAccount, QUICK_FACTOR, type Scenario } from './scenario.ts';

const ACCOUNT = 'act_1001';
/** 200 requests a minute; the quick mode keeps the rate with a 6 s window of 20. */
const BUDGET = { requests: 200, windowMs: 60_000 };
const QUICK_BUDGET = { requests: 20, windowMs: 6_000 };

/**
 * A rate-bound initial sync: the account's budget is 200 requests/min at 150 ms latency, so
 * the fastest possible sync takes requests ÷ budget. RECENT's share compares when RECENT was
 * done (share of the whole sync's time) with the share of requests made by then.
 */
export const rateBudget: Scenario = {
  name: 'rate-budget',
  title: 'Ads account, 200 requests/min budget at 150 ms latency',
  metrics: {
    wall_over_min: { label: 'wall ÷ (requests ÷ budget)', unit: '×', digits: 2 },
    throttled: { label: 'requests throttled', unit: '', digits: 0 },
    recent_ratio: { label: "RECENT done ÷ RECENT's share of requests", unit: '×', digits: 2 },
    recent_time_share: { label: 'RECENT done, share of the sync', unit: '%', digits: 1 },
    recent_request_share: { label: 'requests made by then, share', unit: '%', digits: 1 },
    wall_s: { label: 'engine wall', unit: 's', digits: 1 },
    minimum_s: { label: 'requests ÷ budget', unit: 's', digits: 1 },
    requests: { label: 'requests', unit: '', digits: 0 },
    worker_peak_mb: { label: 'worker RSS peak', unit: 'MB', digits: 0 },
  },
  async run(system, options) {
    const budget = options.quick ? QUICK_BUDGET : BUDGET;
    await system.sandbox.admin.reset({
      accounts: [adsAccount(ACCOUNT, options.quick ? QUICK_FACTOR : 1)],
    });
    await system.sandbox.admin.setFaults({
      providers: { FACEBOOK_ADS: { latencyMs: 150, rateLimit: budget } },
    });
    const run = await system.newRun();
    try {
      const pass = await enginePass(run, [{ provider: 'FACEBOOK_ADS', id: ACCOUNT }]);
      const minimumMs = (pass.requests.length / budget.requests) * budget.windowMs;
      const { rows } = await run.pool.query<{ created: number; recent: number; last: number }>(
        `SELECT extract(epoch FROM min(created_at)) * 1000 AS created,
                extract(epoch FROM min(finished_at) FILTER (WHERE phase = 'RECENT')) * 1000 AS recent,
                extract(epoch FROM max(finished_at)) * 1000 AS last
           FROM sync_jobs WHERE connection_id = $1`,
        [pass.connections[0]!.dbId],
      );
      const created = Number(rows[0]!.created);
      const recentAt = Number(rows[0]!.recent);
      const timeShare = (recentAt - created) / (Number(rows[0]!.last) - created);
      const requestShare =
        pass.requests.filter((r) => r.start <= recentAt).length / pass.requests.length;
      return {
        values: {
          wall_over_min: pass.wallMs / minimumMs,
          throttled: pass.throttled,
          recent_ratio: timeShare / requestShare,
          recent_time_share: timeShare * 100,
          recent_request_share: requestShare * 100,
          wall_s: pass.wallMs / 1000,
          minimum_s: minimumMs / 1000,
          requests: pass.requests.length,
          worker_peak_mb: workerRss(run).worker_peak_mb,
        },
        series: { requests: { 'engine, 200 requests/min': pass.requests } },
      };
    } finally {
      await run.close();
      await system.sandbox.admin.clearFaults();
    }
  },
};
