import { describe, expect, it } from 'vitest';
import { CannotSplitError, InvalidPlanInputError } from './plan-errors.ts';
import { seededRandom } from './seeded-random.ts';
import { halveWindow, splitWindow } from './split-window.ts';
import { expectExactTiling } from './tiling.test-helpers.ts';
import { DAY_MS, windowOf } from './window.ts';

const base = Date.UTC(2025, 0, 1);

describe('splitWindow', () => {
  it('rejects a reversed window and a non-positive size', () => {
    expect(() => splitWindow(windowOf(base + 1, base), 90)).toThrow(InvalidPlanInputError);
    expect(() => splitWindow(windowOf(base, base + DAY_MS), -1)).toThrow(InvalidPlanInputError);
  });

  it('returns no windows for an empty window', () => {
    expect(splitWindow(windowOf(base, base), 90)).toEqual([]);
  });

  it('keeps full windows newest and the remainder oldest', () => {
    expect(splitWindow(windowOf(base, base + 200 * DAY_MS), 90)).toEqual([
      windowOf(base + 110 * DAY_MS, base + 200 * DAY_MS),
      windowOf(base + 20 * DAY_MS, base + 110 * DAY_MS),
      windowOf(base, base + 20 * DAY_MS),
    ]);
  });

  it('tiles random windows exactly', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const start = base + Math.floor(random() * 1e12);
      const end = start + Math.floor(random() * 1000 * DAY_MS);
      const maxDays = 0.01 + random() * 100;
      const windows = splitWindow(windowOf(start, end), maxDays);
      expectExactTiling(windows, start, end);
      expect(windows.length).toBe(Math.ceil((end - start) / Math.floor(maxDays * DAY_MS)));
    }
  });
});

describe('halveWindow', () => {
  it('refuses to split a window at or below the minimum', () => {
    expect(() => halveWindow(windowOf(base, base + DAY_MS), DAY_MS)).toThrow(CannotSplitError);
    expect(() => halveWindow(windowOf(base, base + 500), 0)).toThrow(/no split point/);
  });

  it('returns the newer half first, split on a whole second', () => {
    const [newer, older] = halveWindow(windowOf(base, base + 3001), 1000);
    expect(newer).toEqual(windowOf(base + 1000, base + 3001));
    expect(older).toEqual(windowOf(base, base + 1000));
  });

  it('can split on whole days for day-granular APIs', () => {
    const [newer, older] = halveWindow(windowOf(base, base + 45 * DAY_MS), DAY_MS, {
      alignMs: DAY_MS,
    });
    expect(newer).toEqual(windowOf(base + 22 * DAY_MS, base + 45 * DAY_MS));
    expect(older).toEqual(windowOf(base, base + 22 * DAY_MS));
    expect(() =>
      halveWindow(windowOf(base, base + 2 * DAY_MS), DAY_MS, { alignMs: DAY_MS }),
    ).not.toThrow();
  });

  it('halves random windows into an exact tiling', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 200; i++) {
      const start = base + Math.floor(random() * 1e12);
      const end = start + 2000 + Math.floor(random() * 100 * DAY_MS);
      const halves = halveWindow(windowOf(start, end), 1000);
      expectExactTiling(halves, start, end);
    }
  });
});
