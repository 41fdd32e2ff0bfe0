import { describe, expect, it } from 'vitest';
import { computeProgress } from './progress.ts';

const base = { itemsProcessed: 0, itemsEstimated: null, throughputPerSecond: null };

describe('progress across structure discovery and fan-out', () => {
  it('never reads 100 before the job ends and never goes backwards at fan-out', () => {
    const seen = [
      computeProgress({ ...base, chunksTotal: 0, chunksDone: 0, stage: 'PLAN' }),
      computeProgress({
        ...base,
        chunksTotal: 3,
        chunksDone: 1,
        stage: 'DISCOVER',
        discovery: { total: 3, done: 1 },
      }),
      computeProgress({
        ...base,
        chunksTotal: 3,
        chunksDone: 3,
        stage: 'FANOUT',
        discovery: { total: 3, done: 3 },
      }),
      computeProgress({
        ...base,
        chunksTotal: 35,
        chunksDone: 3,
        stage: 'RUN',
        discovery: { total: 3, done: 3 },
      }),
      computeProgress({
        ...base,
        chunksTotal: 35,
        chunksDone: 19,
        stage: 'RUN',
        discovery: { total: 3, done: 3 },
      }),
      computeProgress({
        ...base,
        chunksTotal: 35,
        chunksDone: 34,
        stage: 'RUN',
        discovery: { total: 3, done: 3 },
      }),
      computeProgress({
        ...base,
        chunksTotal: 35,
        chunksDone: 35,
        stage: 'RUN',
        discovery: { total: 3, done: 3 },
      }),
    ].map((p) => p.percent);
    expect(seen).toEqual([0, expect.closeTo(3.33, 2), 10, 10, 55, expect.closeTo(97.19, 1), 100]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
  });
});
