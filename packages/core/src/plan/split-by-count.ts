import { assertPositive, assertValidWindow } from './assert-input.ts';
import { InvalidPlanInputError } from './plan-errors.ts';
import { SECOND_MS, type Window, windowOf } from './window.ts';

/**
 * Splits a window holding `count` items (Microsoft `@odata.count`) into ceil(count / target)
 * windows of (nearly) equal duration, newest first, tiling it exactly. Inner boundaries fall on
 * whole seconds (the provider's filter granularity), so a short window yields fewer pieces.
 */
export function splitWindowByCount(
  window: Window,
  count: number,
  targetPerChunk: number,
): Window[] {
  const { startMs, endMs } = assertValidWindow(window);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidPlanInputError(`count must be a non-negative integer, got ${count}`);
  }
  assertPositive('targetPerChunk', targetPerChunk);
  const pieces = Math.ceil(count / targetPerChunk);
  if (pieces <= 1) return [window];

  const boundaries = [startMs];
  for (let i = 1; i < pieces; i++) {
    const at = Math.floor((startMs + ((endMs - startMs) * i) / pieces) / SECOND_MS) * SECOND_MS;
    if (at > boundaries[boundaries.length - 1]! && at < endMs) boundaries.push(at);
  }
  boundaries.push(endMs);

  const windows: Window[] = [];
  for (let i = boundaries.length - 1; i > 0; i--) {
    windows.push(windowOf(boundaries[i - 1]!, boundaries[i]!));
  }
  return windows;
}
