import { cpuDelta, cpuSnapshot, formatCpu } from '../harness/process-tree.ts';
import { formatStatements } from '../harness/statement-profile.ts';
import { runNaiveScript } from '../peers/naive-child.ts';
import { naiveUpsert } from '../peers/naive-upsert.ts';
import { rawFetch } from '../peers/raw-fetch.ts';
import { rawUpsert } from '../peers/raw-upsert.ts';
import {
  cpuTotal,
  enginePass,
  peakConcurrency,
  perSecond,
  throughputSeries,
  workerRss,
} from './engine-pass.ts';
import { adsAccount, QUICK_FACTOR, type Scenario } from './scenario.ts';

const ACCOUNT = 'act_1001';

/**
 * One ads account's INITIAL sync by the engine, then by the naive script, on the same
 * sandbox latency; at zero latency also the raw fetch and raw upsert of the engine's chunks.
 */
function adsSync(name: string, title: string, latencyMs: number, raw: boolean): Scenario {
  return {
    name,
    title,
    metrics: {
      engine_rps: { label: 'engine', unit: 'records/s', digits: 0 },
      naive_rps: { label: 'naive script', unit: 'records/s', digits: 0 },
      ...(raw
        ? {
            fetch_rps: { label: 'raw fetch', unit: 'records/s', digits: 0 },
            upsert_rps: { label: 'raw upsert', unit: 'records/s', digits: 0 },
            engine_pg_us: {
              label: 'PostgreSQL CPU per record: engine pass',
              unit: 'µs',
              digits: 1,
            },
            naive_pg_us: { label: 'PostgreSQL CPU per record: naive pass', unit: 'µs', digits: 1 },
            upsert_pg_us: {
              label: 'PostgreSQL CPU per record: bulk upsert alone',
              unit: 'µs',
              digits: 1,
            },
            naive_upsert_pg_us: {
              label: 'PostgreSQL CPU per record: the naive statement, same pages',
              unit: 'µs',
              digits: 1,
            },
            e2e_over_raw: { label: 'engine time ÷ (fetch + upsert time)', unit: '×', digits: 2 },
          }
        : {}),
      speedup: { label: 'engine ÷ naive script', unit: '×', digits: 2 },
      engine_s: { label: 'engine wall', unit: 's', digits: 2 },
      naive_s: { label: 'naive script wall', unit: 's', digits: 2 },
      first_records_s: { label: 'engine: first records stored', unit: 's', digits: 2 },
      records: { label: 'records', unit: '', digits: 0 },
      requests: { label: 'engine requests', unit: '', digits: 0 },
      peak_requests: { label: 'engine requests in flight, most', unit: '', digits: 0 },
      naive_peak_requests: { label: 'naive requests in flight, most', unit: '', digits: 0 },
      engine_cpu_s: { label: 'engine pass CPU (all processes)', unit: 'core-s', digits: 2 },
      naive_cpu_s: { label: 'naive pass CPU (all processes)', unit: 'core-s', digits: 2 },
      worker_idle_mb: { label: 'worker RSS idle', unit: 'MB', digits: 0 },
      worker_peak_mb: { label: 'worker RSS peak', unit: 'MB', digits: 0 },
    },
    async run(system, options) {
      await system.sandbox.admin.reset({
        accounts: [adsAccount(ACCOUNT, options.quick ? QUICK_FACTOR : 1)],
      });
      await system.sandbox.admin.setFaults({ latencyMs });
      const run = await system.newRun();
      try {
        const engine = await enginePass(run, [{ provider: 'FACEBOOK_ADS', id: ACCOUNT }]);
        const rss = workerRss(run);
        await run.sandbox.clearRequests();
        const naiveCpu0 = cpuSnapshot();
        const naive = await runNaiveScript(run, ACCOUNT);
        const naiveCpu = cpuDelta(naiveCpu0, cpuSnapshot());
        // Once reaped, the script's own time sits in this process's cutime: it is the naive
        // pass's, since this process only waits for it meanwhile.
        naiveCpu.naive += naiveCpu.bench;
        naiveCpu.bench = 0;
        const naiveRequests = await run.sandbox.requests();
        const values: Record<string, number> = {
          engine_rps: perSecond(engine.records, engine.wallMs),
          naive_rps: perSecond(naive.records, naive.ms),
          speedup: perSecond(engine.records, engine.wallMs) / perSecond(naive.records, naive.ms),
          engine_s: engine.wallMs / 1000,
          naive_s: naive.ms / 1000,
          first_records_s: (engine.firstRecordMs ?? Number.NaN) / 1000,
          records: engine.records,
          requests: engine.requests.length,
          peak_requests: peakConcurrency(engine.requests),
          naive_peak_requests: peakConcurrency(naiveRequests),
          engine_cpu_s: cpuTotal(engine.cpu),
          naive_cpu_s: cpuTotal(naiveCpu),
          ...rss,
        };
        const notes = [`engine CPU: ${formatCpu(engine.cpu)}`, `naive CPU: ${formatCpu(naiveCpu)}`];
        if (engine.statements) {
          notes.push(...formatStatements(engine.statements).map((line) => `engine SQL: ${line}`));
        }
        if (naive.records !== engine.records) {
          notes.push(`naive script stored ${naive.records} records, the engine ${engine.records}`);
        }
        if (raw) {
          await system.sandbox.admin.setFaults({ latencyMs: 0 });
          const fetched = await rawFetch(run, engine.connections[0]!, ACCOUNT);
          const records = fetched.pages.reduce((sum, page) => sum + page.length, 0);
          const upsertCpu0 = cpuSnapshot();
          const upserted = await rawUpsert(run, fetched.pages);
          const upsertCpu = cpuDelta(upsertCpu0, cpuSnapshot());
          // The records row's own cost beside the naive row's, on the same pages, same lanes:
          // what the engine's PostgreSQL time is beyond them is its bookkeeping.
          const naiveUpsertCpu0 = cpuSnapshot();
          await naiveUpsert(run, fetched.pages);
          const naiveUpsertCpu = cpuDelta(naiveUpsertCpu0, cpuSnapshot());
          const perRecordUs = (seconds: number) => (seconds * 1e6) / records;
          values.fetch_rps = perSecond(records, fetched.ms);
          values.upsert_rps = perSecond(records, upserted.ms);
          values.e2e_over_raw = engine.wallMs / (fetched.ms + upserted.ms);
          values.engine_pg_us = perRecordUs(engine.cpu.postgres);
          values.naive_pg_us = perRecordUs(naiveCpu.postgres);
          values.upsert_pg_us = perRecordUs(upsertCpu.postgres);
          values.naive_upsert_pg_us = perRecordUs(naiveUpsertCpu.postgres);
        }
        return {
          values,
          notes,
          series: {
            throughput: { [`engine, ${latencyMs} ms latency`]: throughputSeries(engine.timeline) },
            requests: { engine: engine.requests, 'naive script': naiveRequests },
            latencyChart: 'provider-requests',
            latencies: {
              [`provider request, ${latencyMs} ms latency (engine)`]: engine.requests.map(
                (r) => r.end - r.start,
              ),
            },
          },
        };
      } finally {
        await run.close();
        await system.sandbox.admin.clearFaults();
      }
    },
  };
}

export const zeroLatency = adsSync(
  'zero-latency',
  'Ads account, zero provider latency: engine, naive script, raw fetch, raw upsert',
  0,
  true,
);
export const latency150 = adsSync(
  'latency-150',
  'Ads account, 150 ms provider latency, default budget: engine and naive script',
  150,
  false,
);
