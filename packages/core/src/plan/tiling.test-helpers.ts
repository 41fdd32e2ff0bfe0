import { expect } from 'vitest';
import type { Window } from './window.ts';

/** Asserts `windows` (newest first) tile [startMs, endMs) exactly: no gap, no overlap, none empty. */
export function expectExactTiling(windows: Window[], startMs: number, endMs: number): void {
  let cursor = endMs;
  for (const window of windows) {
    expect(window.end.getTime()).toBe(cursor);
    expect(window.start.getTime()).toBeLessThan(window.end.getTime());
    cursor = window.start.getTime();
  }
  expect(cursor).toBe(windows.length === 0 ? endMs : startMs);
}
