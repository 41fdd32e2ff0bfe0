import { InvalidPlanInputError } from './plan-errors.ts';
import type { Window } from './window.ts';

export function assertValidDate(name: string, date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new InvalidPlanInputError(`${name} is not a valid date`);
  return ms;
}

/** Checks both ends and their order; returns them in ms. Empty windows are allowed. */
export function assertValidWindow(window: Window): { startMs: number; endMs: number } {
  const startMs = assertValidDate('window.start', window.start);
  const endMs = assertValidDate('window.end', window.end);
  if (endMs < startMs) {
    throw new InvalidPlanInputError(
      `window ends (${window.end.toISOString()}) before it starts (${window.start.toISOString()})`,
    );
  }
  return { startMs, endMs };
}

export function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidPlanInputError(`${name} must be a positive number, got ${value}`);
  }
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidPlanInputError(`${name} must be a positive integer, got ${value}`);
  }
}
