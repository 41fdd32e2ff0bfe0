import type { ProviderId } from '@tributary/core';
import type { RunEnv } from '../harness/bench-system.ts';
import { cancel, connect, startSync, waitStopped, watchSyncs } from '../harness/sync-driver.ts';
import { adsAccount, QUICK_FACTOR, type Scenario } from './scenario.ts';

/** startSync → the first record stored; the sync is then cancelled. Null: none within capMs. */
export async function timeToFirstRecords(
  run: RunEnv,
  provider: ProviderId,
  accountId: string,
  capMs: number,
): Promise<number | null> {
  const connection = await connect(run, provider, accountId);
  const started = performance.now();
  const jobId = await startSync(run, connection);
  const watch = await watchSyncs(run, [connection], started, {
    until: 'first-records',
    timeoutMs: capMs,
  });
  await cancel(run, jobId);
  await waitStopped(run, [connection]);
  return watch.firstRecordMs;
}

const seconds = (ms: number | null, capMs: number) => (ms ?? capMs) / 1000;

/** A Page with 100,000 conversations: how soon do its first records land? */
export const messengerHuge: Scenario = {
  name: 'messenger-huge',
  title: 'Messenger Page with 100,000 conversations (quick: 2,000): time to first records',
  metrics: {
    first_records_s: { label: 'first records stored (the cap if none)', unit: 's', digits: 2 },
    conversations: { label: 'conversations on the Page', unit: '', digits: 0 },
  },
  async run(system, options) {
    const conversations = options.quick ? 2_000 : 100_000;
    const capMs = options.quick ? 30_000 : 60_000;
    await system.sandbox.admin.reset({
      accounts: [{ provider: 'FACEBOOK_PAGES', id: 'page_4001', conversations }],
    });
    const run = await system.newRun();
    try {
      const ms = await timeToFirstRecords(run, 'FACEBOOK_PAGES', 'page_4001', capMs);
      return {
        values: { first_records_s: seconds(ms, capMs), conversations },
        notes: ms === null ? [`no records stored within ${capMs / 1000} s`] : [],
      };
    } finally {
      await run.close();
    }
  },
};

/** The default account of each provider at 150 ms latency: startSync → first record stored. */
export const firstRecords: Scenario = {
  name: 'first-records',
  title: 'Time to first records, default accounts of each provider, 150 ms latency',
  metrics: {
    ads_s: { label: 'ads account (default: ~124k records)', unit: 's', digits: 2 },
    pages_s: { label: 'Page (default: 1,000 conversations)', unit: 's', digits: 2 },
    mail_s: { label: 'mailbox (default: 5,000 messages)', unit: 's', digits: 2 },
  },
  async run(system, options) {
    const capMs = 30_000;
    await system.sandbox.admin.reset({
      accounts: [
        adsAccount('act_1001', options.quick ? QUICK_FACTOR : 1),
        { provider: 'FACEBOOK_PAGES', id: 'page_2001', conversations: options.quick ? 50 : 1000 },
        { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: options.quick ? 200 : 5000 },
      ],
    });
    await system.sandbox.admin.setFaults({ latencyMs: 150 });
    const run = await system.newRun();
    try {
      return {
        values: {
          ads_s: seconds(await timeToFirstRecords(run, 'FACEBOOK_ADS', 'act_1001', capMs), capMs),
          pages_s: seconds(
            await timeToFirstRecords(run, 'FACEBOOK_PAGES', 'page_2001', capMs),
            capMs,
          ),
          mail_s: seconds(
            await timeToFirstRecords(run, 'MICROSOFT_MAIL', 'user_3001', capMs),
            capMs,
          ),
        },
      };
    } finally {
      await run.close();
      await system.sandbox.admin.clearFaults();
    }
  },
};
