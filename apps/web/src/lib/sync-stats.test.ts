import { describe, expect, it } from 'vitest';
import { chooseBucketMs, statsOverTime, summarizeJobs } from './sync-stats.ts';
import { job } from './test-fixtures.ts';

describe('summarizeJobs', () => {
  it('is empty-safe', () => {
    expect(summarizeJobs([])).toEqual({
      finished: 0,
      successRate: null,
      averageDurationMs: null,
      averageRecords: null,
      throughputPerSecond: null,
    });
  });
  it('ignores running jobs and leaves cancelled ones out of the success rate', () => {
    const stats = summarizeJobs([
      job({ status: 'SUCCEEDED', itemsProcessed: 100 }),
      job({ status: 'FAILED', itemsProcessed: 0, finishedAt: '2026-01-10T12:00:30.000Z' }),
      job({ status: 'CANCELLED', itemsProcessed: 50 }),
      job({ status: 'RUNNING', itemsProcessed: 999, finishedAt: null }),
    ]);
    expect(stats.finished).toBe(3);
    expect(stats.successRate).toBe(0.5);
    expect(stats.averageDurationMs).toBe((10_000 + 30_000 + 10_000) / 3);
    expect(stats.averageRecords).toBe(50);
    expect(stats.throughputPerSecond).toBe(150 / 50);
  });
});

describe('statsOverTime', () => {
  it('chooses a bucket that keeps the series short', () => {
    expect(chooseBucketMs(10 * 60_000, 24)).toBe(60_000);
    expect(chooseBucketMs(3 * 86_400_000, 24)).toBe(6 * 3_600_000);
  });
  it('groups by finish time, oldest first', () => {
    const points = statsOverTime([
      job({ finishedAt: '2026-01-10T12:05:10.000Z', status: 'FAILED' }),
      job({ finishedAt: '2026-01-10T12:00:10.000Z' }),
      job({ finishedAt: '2026-01-10T12:00:40.000Z' }),
    ]);
    expect(points.map((p) => [new Date(p.start).toISOString(), p.finished, p.successRate])).toEqual(
      [
        ['2026-01-10T12:00:00.000Z', 2, 1],
        ['2026-01-10T12:05:00.000Z', 1, 0],
      ],
    );
  });
});
