/**
 * The targets of issue #15 ("Targets" and "First data fast" / "Small workers"), each evaluated
 * from the medians of this run's scenarios: PASS or MISS, and by how much. A target whose
 * scenario was not run is left out; one that needs another scenario's figure says which.
 */
export type Summary = Record<string, Record<string, { min: number; median: number; max: number }>>;

export type TargetResult = {
  target: string;
  verdict: 'PASS' | 'MISS' | 'N/A';
  measured: string;
  /** How far from the target, in words ("12% short"). */
  by: string;
  /** Figures from the same run that point at the cause. */
  evidence: string;
};

type Check = {
  scenario: string;
  target: string;
  /** The measured value, the bound, and whether it must be at least or at most the bound. */
  evaluate(m: (scenario: string, key: string) => number | undefined):
    | {
        value: number | undefined;
        bound: number;
        at: 'least' | 'most';
        unit: string;
        evidence?: string;
      }
    | { missing: string };
};

const fmt = (value: number | undefined, unit: string) =>
  value === undefined || !Number.isFinite(value)
    ? '—'
    : `${Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2)}${unit ? ` ${unit}` : ''}`;

const CHECKS: Check[] = [
  {
    scenario: 'latency-150',
    target: '150 ms latency, default budget: engine ≥ 5× the naive script',
    evaluate: (m) => ({
      value: m('latency-150', 'speedup')!,
      bound: 5,
      at: 'least',
      unit: '×',
      evidence: `requests in flight at most: engine ${m('latency-150', 'peak_requests')}, naive ${m('latency-150', 'naive_peak_requests')}; engine ${fmt(m('latency-150', 'engine_rps')!, 'rec/s')}, naive ${fmt(m('latency-150', 'naive_rps')!, 'rec/s')}`,
    }),
  },
  {
    scenario: 'zero-latency',
    target: 'Zero latency: engine ≥ 1.0× the naive script',
    evaluate: (m) => ({
      value: m('zero-latency', 'speedup')!,
      bound: 1,
      at: 'least',
      unit: '×',
      evidence: `CPU per pass: engine ${fmt(m('zero-latency', 'engine_cpu_s')!, 'core-s')}, naive ${fmt(m('zero-latency', 'naive_cpu_s')!, 'core-s')}; PostgreSQL per record: engine ${fmt(m('zero-latency', 'engine_pg_us'), 'µs')} (its bulk upsert alone ${fmt(m('zero-latency', 'upsert_pg_us'), 'µs')}), naive ${fmt(m('zero-latency', 'naive_pg_us'), 'µs')} (its statement on the same pages ${fmt(m('zero-latency', 'naive_upsert_pg_us'), 'µs')})`,
    }),
  },
  {
    scenario: 'zero-latency',
    target: 'Zero latency: e2e ÷ (raw fetch + raw upsert) ≤ 1.1',
    evaluate: (m) => ({
      value: m('zero-latency', 'e2e_over_raw')!,
      bound: 1.1,
      at: 'most',
      unit: '×',
      evidence: `raw fetch ${fmt(m('zero-latency', 'fetch_rps')!, 'rec/s')}, raw upsert ${fmt(m('zero-latency', 'upsert_rps')!, 'rec/s')}, engine ${fmt(m('zero-latency', 'engine_rps')!, 'rec/s')}`,
    }),
  },
  {
    scenario: 'ten-accounts',
    target:
      "10 accounts at 100 ms: all ÷ one ≤ 1.15 × max(1, (10 accounts' records ÷ zero-latency rate) ÷ one's wall)",
    evaluate: (m) => {
      const rate = m('zero-latency', 'engine_rps');
      if (rate === undefined) return { missing: 'needs zero-latency in the same run' };
      const cpuBound = m('ten-accounts', 'records_all')! / rate / m('ten-accounts', 'one_s')!;
      return {
        value: m('ten-accounts', 'ratio')!,
        bound: 1.15 * Math.max(1, cpuBound),
        at: 'most',
        unit: '×',
        evidence: `one alone ${fmt(m('ten-accounts', 'one_s')!, 's')}, ten ${fmt(m('ten-accounts', 'all_s')!, 's')}; CPU-bound floor ${cpuBound.toFixed(2)}×`,
      };
    },
  },
  {
    scenario: 'large-account',
    target: "1M-record account: records/s within 15% of the 124k account's",
    evaluate: (m) => ({
      value: m('large-account', 'ratio')!,
      bound: 0.85,
      at: 'least',
      unit: '×',
      evidence: `sandbox CPU/record ${fmt(m('large-account', 'base_sandbox_us')!, 'µs')} → ${fmt(m('large-account', 'big_sandbox_us')!, 'µs')}; postgres ${fmt(m('large-account', 'base_postgres_us')!, 'µs')} → ${fmt(m('large-account', 'big_postgres_us')!, 'µs')}`,
    }),
  },
  {
    scenario: 'rate-budget',
    target: 'Rate-bound wall ÷ minimum ≤ 1.10',
    evaluate: (m) => ({
      value: m('rate-budget', 'wall_over_min')!,
      bound: 1.1,
      at: 'most',
      unit: '×',
      evidence: `${m('rate-budget', 'requests')} requests, minimum ${fmt(m('rate-budget', 'minimum_s')!, 's')}, wall ${fmt(m('rate-budget', 'wall_s')!, 's')}`,
    }),
  },
  {
    scenario: 'rate-budget',
    target: 'Rate-bound: 0 throttled',
    evaluate: (m) => ({ value: m('rate-budget', 'throttled')!, bound: 0, at: 'most', unit: '' }),
  },
  {
    scenario: 'rate-budget',
    target: 'RECENT done ≤ 1.15 × its share of the requests',
    evaluate: (m) => ({
      value: m('rate-budget', 'recent_ratio')!,
      bound: 1.15,
      at: 'most',
      unit: '×',
      evidence: `RECENT done at ${fmt(m('rate-budget', 'recent_time_share')!, '%')} of the sync, ${fmt(m('rate-budget', 'recent_request_share')!, '%')} of the requests made by then`,
    }),
  },
  {
    scenario: 'incremental',
    target: 'Incremental ≤ 250 ms (10 new)',
    evaluate: (m) => ({
      value: m('incremental', 'ten_new_ms'),
      bound: 250,
      at: 'most',
      unit: 'ms',
      evidence: `job created → started ${fmt(m('incremental', 'ten_new_waiting_ms'), 'ms')}, started → finished ${fmt(m('incremental', 'ten_new_running_ms'), 'ms')}`,
    }),
  },
  {
    scenario: 'incremental',
    target: 'Incremental ≤ 150 ms (0 new)',
    evaluate: (m) => ({
      value: m('incremental', 'zero_new_ms'),
      bound: 150,
      at: 'most',
      unit: 'ms',
      evidence: `job created → started ${fmt(m('incremental', 'zero_new_waiting_ms'), 'ms')}, started → finished ${fmt(m('incremental', 'zero_new_running_ms'), 'ms')}`,
    }),
  },
  {
    scenario: 'messenger-huge',
    target: '100,000-conversation Page: first records within 2 s of startSync',
    evaluate: (m) => ({
      value: m('messenger-huge', 'first_records_s')!,
      bound: 2,
      at: 'most',
      unit: 's',
    }),
  },
  {
    scenario: 'large-account',
    target: '1M-record ads account: first records within 2 s of startSync',
    evaluate: (m) => ({
      value: m('large-account', 'big_first_records_s')!,
      bound: 2,
      at: 'most',
      unit: 's',
    }),
  },
  {
    scenario: 'ten-accounts',
    target: 'Worker RSS ≤ 150 MB idle',
    evaluate: (m) => ({
      value: m('ten-accounts', 'worker_idle_mb')!,
      bound: 150,
      at: 'most',
      unit: 'MB',
    }),
  },
  {
    scenario: 'ten-accounts',
    target: 'Worker RSS ≤ 300 MB during the ten-account run',
    evaluate: (m) => ({
      value: m('ten-accounts', 'worker_peak_mb')!,
      bound: 300,
      at: 'most',
      unit: 'MB',
    }),
  },
];

export function evaluateTargets(summary: Summary): TargetResult[] {
  const m = (scenario: string, key: string) => summary[scenario]?.[key]?.median;
  const results: TargetResult[] = [];
  for (const check of CHECKS) {
    if (!summary[check.scenario]) continue;
    const outcome = check.evaluate(m);
    if ('missing' in outcome) {
      results.push({
        target: check.target,
        verdict: 'N/A',
        measured: '—',
        by: outcome.missing,
        evidence: '',
      });
      continue;
    }
    const { value, bound, at, unit } = outcome;
    const measured = value !== undefined && Number.isFinite(value);
    const pass = measured && (at === 'least' ? value >= bound : value <= bound);
    const gap =
      bound === 0
        ? `${fmt((value ?? Number.NaN) - bound, unit)} over`
        : `${((Math.abs((value ?? Number.NaN) - bound) / bound) * 100).toFixed(0)}% ${
            ((value ?? Number.NaN) > bound) === (at === 'most')
              ? at === 'most'
                ? 'over'
                : 'short'
              : 'to spare'
          }`;
    results.push({
      target: check.target,
      verdict: pass ? 'PASS' : 'MISS',
      measured: `${fmt(value, unit)} (target ${at === 'least' ? '≥' : '≤'} ${fmt(bound, unit)})`,
      by: measured ? (pass && bound === 0 ? 'met' : gap) : 'not measured',
      evidence: outcome.evidence ?? '',
    });
  }
  return results;
}
