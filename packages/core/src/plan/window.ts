/** A span of time, half-open: `start` is included, `end` is not. */
export type Window = { start: Date; end: Date };

export const SECOND_MS = 1000;
export const DAY_MS = 86_400_000;

export function windowDurationMs(window: Window): number {
  return window.end.getTime() - window.start.getTime();
}

export function windowOf(startMs: number, endMs: number): Window {
  return { start: new Date(startMs), end: new Date(endMs) };
}
