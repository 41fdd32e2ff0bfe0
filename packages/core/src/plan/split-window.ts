import { assertPositive, assertValidWindow } from './assert-input.ts';
import { CannotSplitError, InvalidPlanInputError } from './plan-errors.ts';
import { DAY_MS, SECOND_MS, type Window, windowOf } from './window.ts';

/**
 * Tiles `window` exactly with windows of at most `maxDays`, newest first: the newest windows
 * are full length and the oldest takes the remainder. An empty window yields no windows.
 */
export function splitWindow(window: Window, maxDays: number): Window[] {
  const { startMs, endMs } = assertValidWindow(window);
  assertPositive('maxDays', maxDays);
  // Whole milliseconds: Date cannot hold fractions, and a rounded-up window would exceed maxDays.
  const maxMs = Math.max(1, Math.floor(maxDays * DAY_MS));
  const windows: Window[] = [];
  for (let end = endMs; end > startMs; ) {
    const start = Math.max(startMs, end - maxMs);
    windows.push(windowOf(start, end));
    end = start;
  }
  return windows;
}

export type HalveWindowOptions = {
  /** The split point lies on a multiple of this (ms since the epoch): whole seconds by default, `DAY_MS` for day-granular APIs. */
  alignMs?: number;
};

/**
 * Splits a window the provider found too large into two, newer half first. Throws
 * `CannotSplitError` when the window is already `minMs` or shorter, or has no aligned point inside.
 */
export function halveWindow(
  window: Window,
  minMs: number,
  { alignMs = SECOND_MS }: HalveWindowOptions = {},
): [Window, Window] {
  const { startMs, endMs } = assertValidWindow(window);
  if (!Number.isFinite(minMs) || minMs < 0) {
    throw new InvalidPlanInputError(`minMs must be a non-negative number, got ${minMs}`);
  }
  assertPositive('alignMs', alignMs);
  const durationMs = endMs - startMs;
  if (durationMs <= minMs) {
    throw new CannotSplitError(
      `window ${window.start.toISOString()} → ${window.end.toISOString()} is already at the minimum of ${minMs} ms`,
    );
  }
  const middle = startMs + durationMs / 2;
  const down = Math.floor(middle / alignMs) * alignMs;
  const up = Math.ceil(middle / alignMs) * alignMs;
  const split = down > startMs ? down : up;
  if (split <= startMs || split >= endMs) {
    throw new CannotSplitError(
      `window ${window.start.toISOString()} → ${window.end.toISOString()} has no split point aligned to ${alignMs} ms`,
    );
  }
  return [windowOf(split, endMs), windowOf(startMs, split)];
}
