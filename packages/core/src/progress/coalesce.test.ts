import { describe, expect, it } from 'vitest';
import { ProgressCoalescer, shouldEmitProgress } from './coalesce.ts';

describe('shouldEmitProgress', () => {
  it('emits the first update and then at most once per interval', () => {
    expect(shouldEmitProgress(null, 0)).toBe(true);
    expect(shouldEmitProgress(0, 99)).toBe(false);
    expect(shouldEmitProgress(0, 100)).toBe(true);
    expect(shouldEmitProgress(1000, 500)).toBe(true);
  });
});

describe('ProgressCoalescer', () => {
  it('sends at most ~10 progress events per second per job', () => {
    const coalescer = new ProgressCoalescer();
    let emitted = 0;
    for (let t = 0; t < 1000; t += 3) if (coalescer.progress('job-1', t)) emitted++;
    expect(emitted).toBe(10);
  });

  it('keeps jobs independent', () => {
    const coalescer = new ProgressCoalescer();
    expect(coalescer.progress('a', 0)).toBe(true);
    expect(coalescer.progress('b', 1)).toBe(true);
    expect(coalescer.progress('a', 2)).toBe(false);
  });

  it('always emits status changes, restarting the interval', () => {
    const coalescer = new ProgressCoalescer();
    coalescer.progress('a', 0);
    expect(coalescer.statusChanged('a', 10)).toBe(true);
    expect(coalescer.progress('a', 105)).toBe(false);
    expect(coalescer.progress('a', 110)).toBe(true);
  });

  it('flushes a held-back update once its interval has passed', () => {
    const coalescer = new ProgressCoalescer();
    coalescer.progress('a', 0);
    coalescer.progress('a', 50);
    expect(coalescer.due(60)).toEqual([]);
    expect(coalescer.due(100)).toEqual(['a']);
    expect(coalescer.due(300)).toEqual([]);
    coalescer.progress('b', 0);
    coalescer.progress('b', 10);
    coalescer.statusChanged('b', 20);
    expect(coalescer.due(500)).toEqual([]);
  });
});
