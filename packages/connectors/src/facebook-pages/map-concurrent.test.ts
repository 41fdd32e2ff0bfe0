import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent.ts';

describe('mapConcurrent', () => {
  it('aborts the calls still running when one fails, and rethrows that failure', async () => {
    const aborted: number[] = [];
    const failure = new Error('boom');
    const run = mapConcurrent([1, 2, 3, 4, 5], 3, new AbortController().signal, (n, signal) => {
      if (n === 2) return Promise.reject(failure);
      return new Promise<number>((_, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(n);
          reject(signal.reason);
        });
      });
    });
    await expect(run).rejects.toBe(failure);
    expect(aborted.sort()).toEqual([1, 3]);
  });

  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrent(
      [5, 1, 4, 2, 3],
      2,
      new AbortController().signal,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return n * 10;
      },
    );
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
