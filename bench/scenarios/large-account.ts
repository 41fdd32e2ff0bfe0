import { enginePass, perSecond } from './engine-pass.ts';
import { adsAccount, DEFAULT_ADS_RECORDS, QUICK_FACTOR, type Scenario } from './scenario.ts';

/**
 * The default-sized ads account and one grown to `--large-records` (default 1M), each synced
 * at zero latency into a fresh database: does throughput hold as an account grows? The
 * sandbox's CPU per record says whether the emulator, not the engine, slowed down.
 */
export const largeAccount: Scenario = {
  name: 'large-account',
  title: 'Ads account grown to ~1M records vs the ~124k default, zero latency',
  metrics: {
    ratio: { label: 'grown ÷ default records/s', unit: '×', digits: 2 },
    base_rps: { label: 'default account', unit: 'records/s', digits: 0 },
    big_rps: { label: 'grown account', unit: 'records/s', digits: 0 },
    base_records: { label: 'default account records', unit: '', digits: 0 },
    big_records: { label: 'grown account records', unit: '', digits: 0 },
    big_first_records_s: { label: 'grown account: first records stored', unit: 's', digits: 2 },
    base_sandbox_us: { label: 'sandbox CPU per record, default', unit: 'µs', digits: 1 },
    big_sandbox_us: { label: 'sandbox CPU per record, grown', unit: 'µs', digits: 1 },
    base_postgres_us: { label: 'postgres CPU per record, default', unit: 'µs', digits: 1 },
    big_postgres_us: { label: 'postgres CPU per record, grown', unit: 'µs', digits: 1 },
  },
  async run(system, options) {
    const baseFactor = options.quick ? QUICK_FACTOR : 1;
    const bigFactor = options.largeRecords / DEFAULT_ADS_RECORDS;
    await system.sandbox.admin.reset({
      accounts: [adsAccount('act_3000', baseFactor), adsAccount('act_3001', bigFactor)],
    });
    const passes = [];
    for (const id of ['act_3000', 'act_3001']) {
      const run = await system.newRun();
      try {
        passes.push(await enginePass(run, [{ provider: 'FACEBOOK_ADS', id }]));
      } finally {
        await run.close();
      }
    }
    const [base, big] = passes as [(typeof passes)[0], (typeof passes)[0]];
    const us = (seconds: number, records: number) => (seconds * 1e6) / records;
    return {
      values: {
        ratio: perSecond(big.records, big.wallMs) / perSecond(base.records, base.wallMs),
        base_rps: perSecond(base.records, base.wallMs),
        big_rps: perSecond(big.records, big.wallMs),
        base_records: base.records,
        big_records: big.records,
        big_first_records_s: (big.firstRecordMs ?? Number.NaN) / 1000,
        base_sandbox_us: us(base.cpu.sandbox, base.records),
        big_sandbox_us: us(big.cpu.sandbox, big.records),
        base_postgres_us: us(base.cpu.postgres, base.records),
        big_postgres_us: us(big.cpu.postgres, big.records),
      },
    };
  },
};
