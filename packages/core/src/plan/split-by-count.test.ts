import { describe, expect, it } from 'vitest';
import { InvalidPlanInputError } from './plan-errors.ts';
import { seededRandom } from './seeded-random.ts';
import { splitWindowByCount } from './split-by-count.ts';
import { expectExactTiling } from './tiling.test-helpers.ts';
import { DAY_MS, windowOf } from './window.ts';

const base = Date.UTC(2025, 0, 1);

describe('splitWindowByCount', () => {
  it('rejects a negative or fractional count and a non-positive target', () => {
    const w = windowOf(base, base + DAY_MS);
    expect(() => splitWindowByCount(w, -1, 100)).toThrow(InvalidPlanInputError);
    expect(() => splitWindowByCount(w, 1.5, 100)).toThrow(InvalidPlanInputError);
    expect(() => splitWindowByCount(w, 10, 0)).toThrow(InvalidPlanInputError);
  });

  it('keeps the window whole when it is empty of items or small enough', () => {
    const w = windowOf(base, base + DAY_MS);
    expect(splitWindowByCount(w, 0, 100)).toEqual([w]);
    expect(splitWindowByCount(w, 100, 100)).toEqual([w]);
  });

  it('splits into ceil(count / target) equal windows, newest first', () => {
    const w = windowOf(base, base + 90 * DAY_MS);
    expect(splitWindowByCount(w, 2500, 1000)).toEqual([
      windowOf(base + 60 * DAY_MS, base + 90 * DAY_MS),
      windowOf(base + 30 * DAY_MS, base + 60 * DAY_MS),
      windowOf(base, base + 30 * DAY_MS),
    ]);
  });

  it('puts inner boundaries on whole seconds and never returns an empty window', () => {
    const w = windowOf(base + 250, base + 2_750);
    const windows = splitWindowByCount(w, 1000, 1);
    expect(windows).toEqual([
      windowOf(base + 2000, base + 2750),
      windowOf(base + 1000, base + 2000),
      windowOf(base + 250, base + 1000),
    ]);
  });

  it('tiles random windows exactly with near-equal pieces', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 200; i++) {
      const start = base + Math.floor(random() * 1e12);
      const end = start + 1 + Math.floor(random() * 365 * DAY_MS);
      const count = Math.floor(random() * 20_000);
      const target = 1 + Math.floor(random() * 2_000);
      const windows = splitWindowByCount(windowOf(start, end), count, target);
      expectExactTiling(windows, start, end);
      expect(windows.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(count / target)));
      for (const w of windows.slice(1, -1)) {
        expect(w.start.getTime() % 1000).toBe(0);
        expect(w.end.getTime() % 1000).toBe(0);
      }
      if (windows.length === Math.ceil(count / target) && windows.length > 1) {
        const ideal = (end - start) / windows.length;
        for (const w of windows) {
          expect(Math.abs(w.end.getTime() - w.start.getTime() - ideal)).toBeLessThanOrEqual(2000);
        }
      }
    }
  });
});
