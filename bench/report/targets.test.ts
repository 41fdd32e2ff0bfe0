import { describe, expect, it } from 'vitest';
import { evaluateTargets, type Summary } from './targets.ts';

const same = (median: number) => ({ min: median, median, max: median });

describe('evaluateTargets', () => {
  it('says PASS or MISS and by how much, from the medians', () => {
    const summary: Summary = {
      'latency-150': {
        speedup: same(4),
        peak_requests: same(2),
        naive_peak_requests: same(1),
        engine_rps: same(4000),
        naive_rps: same(1000),
      },
      incremental: { ten_new_ms: same(200), zero_new_ms: same(300) },
    };
    const results = evaluateTargets(summary);
    expect(results.map((r) => [r.target, r.verdict, r.by])).toEqual([
      ['150 ms latency, default budget: engine ≥ 5× the naive script', 'MISS', '20% short'],
      ['Incremental ≤ 250 ms (10 new)', 'PASS', '20% to spare'],
      ['Incremental ≤ 150 ms (0 new)', 'MISS', '100% over'],
    ]);
    expect(results[0]!.evidence).toContain('requests in flight at most: engine 2, naive 1');
  });

  it('bounds the ten-account ratio by the zero-latency rate of the same run, or says it needs it', () => {
    const ten = { ratio: same(2.5), records_all: same(100_000), one_s: same(10), all_s: same(25) };
    expect(evaluateTargets({ 'ten-accounts': ten })[0]).toMatchObject({
      verdict: 'N/A',
      by: 'needs zero-latency in the same run',
    });
    // 100,000 records at 5,000/s is 20 s of CPU: 2× one account's 10 s, so the bound is 2.3.
    const result = evaluateTargets({
      'zero-latency': { engine_rps: same(5000) },
      'ten-accounts': ten,
    }).find((r) => r.target.startsWith('10 accounts'));
    expect(result).toMatchObject({ verdict: 'MISS', measured: '2.50 × (target ≤ 2.30 ×)' });
  });

  it('counts an unmeasured value as a MISS, never a PASS', () => {
    const [result] = evaluateTargets({ 'messenger-huge': { first_records_s: same(Number.NaN) } });
    expect(result).toMatchObject({ verdict: 'MISS', by: 'not measured' });
  });
});
