import { describe, expect, it } from 'vitest';
import { planInitialPhases } from './phase-windows.ts';
import { InvalidPlanInputError } from './plan-errors.ts';
import { seededRandom } from './seeded-random.ts';
import { expectExactTiling } from './tiling.test-helpers.ts';
import { DAY_MS } from './window.ts';

const now = new Date('2025-08-30T12:34:56.789Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

describe('planInitialPhases', () => {
  it('rejects invalid dates and sizes', () => {
    expect(() => planInitialPhases({ now: new Date(Number.NaN), accountCreatedAt: now })).toThrow(
      InvalidPlanInputError,
    );
    expect(() => planInitialPhases({ now, accountCreatedAt: daysAgo(400), windowDays: 0 })).toThrow(
      /windowDays/,
    );
  });

  it('syncs the last 90 days first and tiles older history newest first in 90-day windows', () => {
    const created = daysAgo(400);
    const { recent, historical } = planInitialPhases({ now, accountCreatedAt: created });
    expect(recent).toEqual({ start: daysAgo(90), end: now });
    expect(historical.map((w) => [w.start, w.end])).toEqual([
      [daysAgo(180), daysAgo(90)],
      [daysAgo(270), daysAgo(180)],
      [daysAgo(360), daysAgo(270)],
      [created, daysAgo(360)],
    ]);
  });

  it('has no history for an account younger than 90 days', () => {
    const created = daysAgo(10);
    expect(planInitialPhases({ now, accountCreatedAt: created })).toEqual({
      recent: { start: created, end: now },
      historical: [],
    });
    expect(planInitialPhases({ now, accountCreatedAt: daysAgo(90) }).historical).toEqual([]);
  });

  it('gives an account created after now (clock skew) an empty recent window', () => {
    const future = new Date(now.getTime() + 5_000);
    expect(planInitialPhases({ now, accountCreatedAt: future })).toEqual({
      recent: { start: now, end: now },
      historical: [],
    });
  });

  it('tiles [created, now) exactly for random inputs', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const createdMs = now.getTime() - Math.floor(random() * 3000 * DAY_MS);
      const recentDays = 1 + Math.floor(random() * 120);
      const windowDays = 0.5 + random() * 120;
      const { recent, historical } = planInitialPhases({
        now,
        accountCreatedAt: new Date(createdMs),
        recentDays,
        windowDays,
      });
      expect(recent.end).toEqual(now);
      expect(now.getTime() - recent.start.getTime()).toBeLessThanOrEqual(
        Math.floor(recentDays * DAY_MS),
      );
      expectExactTiling(historical, createdMs, recent.start.getTime());
      for (const w of historical) {
        expect(w.end.getTime() - w.start.getTime()).toBeLessThanOrEqual(
          Math.floor(windowDays * DAY_MS),
        );
      }
      // Only the oldest window may be shorter than the maximum.
      for (const w of historical.slice(0, -1)) {
        expect(w.end.getTime() - w.start.getTime()).toBe(Math.floor(windowDays * DAY_MS));
      }
    }
  });
});
