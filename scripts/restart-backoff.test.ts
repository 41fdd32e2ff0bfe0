import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restart-backoff.ts';

describe('RestartBackoff', () => {
  it('doubles while the process keeps dying, caps at 30 s, and starts over once it stayed up', () => {
    const backoff = new RestartBackoff();
    const waits = [0, 1, 2, 3, 4, 5, 6].map((i) => backoff.next(1000 * i, 1000 * i + 10));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // Up for a minute before dying again: the next restart is quick.
    expect(backoff.next(0, 60_000)).toBe(1000);
    expect(backoff.next(60_000, 60_500)).toBe(2000);
  });
});
