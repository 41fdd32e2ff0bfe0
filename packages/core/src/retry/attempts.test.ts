import { describe, expect, it } from 'vitest';
import { attemptsAfterFailure } from './attempts.ts';

describe('attempts count failures without progress', () => {
  it('a run that committed a page does not use up the budget', () => {
    expect(attemptsAfterFailure({ attempts: 2, progressed: true, maxAttempts: 3 })).toEqual({
      attempts: 0,
      exhausted: false,
    });
  });

  it('fails for good only after maxAttempts runs in a row that advanced nothing', () => {
    let attempts = 0;
    const outcomes: boolean[] = [];
    // progress, nothing, progress, nothing, nothing, nothing
    for (const progressed of [true, false, true, false, false, false]) {
      const next = attemptsAfterFailure({ attempts, progressed, maxAttempts: 3 });
      attempts = next.attempts;
      outcomes.push(next.exhausted);
    }
    expect(outcomes).toEqual([false, false, false, false, false, true]);
    expect(attempts).toBe(3);
  });

  it('a long chunk that progresses on every run never fails, however many runs fail', () => {
    let attempts = 0;
    for (let run = 0; run < 100; run++) {
      const next = attemptsAfterFailure({ attempts, progressed: true, maxAttempts: 3 });
      expect(next.exhausted).toBe(false);
      attempts = next.attempts;
    }
  });
});
