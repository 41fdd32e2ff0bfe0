import { describe, expect, it } from 'vitest';
import { timeLeft } from './time-left.ts';

describe('timeLeft', () => {
  const now = new Date('2026-12-01T12:00:00');
  it('says how long and until when', () => {
    const t = timeLeft(
      { etaSeconds: 180, finishesAt: new Date('2026-12-01T12:03:00').toISOString() },
      now,
    );
    expect(t).toEqual({ left: 'about 3 min left', finishes: 'done by 12:03', wait: null });
  });

  it('is estimating before the API knows, with no finishing time', () => {
    expect(timeLeft({ etaSeconds: null, finishesAt: null }, now)).toEqual({
      left: 'estimating…',
      finishes: null,
      wait: null,
    });
  });

  it('names the wait it counts in', () => {
    const t = timeLeft(
      {
        etaSeconds: 90,
        finishesAt: new Date('2026-12-01T12:01:30').toISOString(),
        waitReason: 'RATE_LIMIT',
        waitingUntil: new Date('2026-12-01T12:00:35').toISOString(),
      },
      now,
    );
    expect(t.wait).toBe('Waiting for the provider’s rate limit until 12:00:35');
  });
});
