import { enginePass, perSecond, workerRss } from './engine-pass.ts';
import { adsAccount, QUICK_FACTOR, type Scenario } from './scenario.ts';

const TEN = Array.from({ length: 10 }, (_, i) => `act_${2001 + i}`);

/**
 * Ten ads accounts at 100 ms latency synced at once by one worker, against one of them alone
 * on the same worker first: how far the engine scales with connections.
 */
export const tenAccounts: Scenario = {
  name: 'ten-accounts',
  title: '10 ads accounts at 100 ms latency, all at once ÷ one alone (one worker)',
  metrics: {
    ratio: { label: 'all at once ÷ one alone', unit: '×', digits: 2 },
    one_s: { label: 'one alone', unit: 's', digits: 1 },
    all_s: { label: 'ten at once', unit: 's', digits: 1 },
    records_all: { label: 'records, ten accounts', unit: '', digits: 0 },
    all_rps: { label: 'ten at once', unit: 'records/s', digits: 0 },
    worker_idle_mb: { label: 'worker RSS idle', unit: 'MB', digits: 0 },
    worker_peak_mb: { label: 'worker RSS peak (ten at once)', unit: 'MB', digits: 0 },
  },
  async run(system, options) {
    const factor = options.quick ? QUICK_FACTOR : 1;
    await system.sandbox.admin.reset({
      accounts: ['act_2000', ...TEN].map((id) => adsAccount(id, factor)),
    });
    await system.sandbox.admin.setFaults({ latencyMs: 100 });
    const run = await system.newRun();
    try {
      const one = await enginePass(run, [{ provider: 'FACEBOOK_ADS', id: 'act_2000' }]);
      const all = await enginePass(
        run,
        TEN.map((id) => ({ provider: 'FACEBOOK_ADS' as const, id })),
      );
      return {
        values: {
          ratio: all.wallMs / one.wallMs,
          one_s: one.wallMs / 1000,
          all_s: all.wallMs / 1000,
          records_all: all.records,
          all_rps: perSecond(all.records, all.wallMs),
          ...workerRss(run),
        },
      };
    } finally {
      await run.close();
      await system.sandbox.admin.clearFaults();
    }
  },
};
