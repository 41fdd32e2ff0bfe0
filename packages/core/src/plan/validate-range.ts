import type { ProviderId } from '../source/provider.ts';
import { InvalidRangeError } from './plan-errors.ts';
import { DAY_MS, type Window } from './window.ts';

/** How far back each provider keeps data; null when it keeps everything. Facebook insights: 37 months. */
export const PROVIDER_RETENTION_DAYS: Record<ProviderId, number | null> = {
  FACEBOOK_ADS: 37 * 30,
  FACEBOOK_PAGES: null,
  MICROSOFT_MAIL: null,
};

/** Clock skew allowed between the caller and us before `to` counts as "in the future". */
const FUTURE_TOLERANCE_MS = 60_000;

/** The oldest instant the provider still has data for, or null when it keeps everything. */
export function earliestAvailable(provider: ProviderId, now: Date): Date | null {
  const days = PROVIDER_RETENTION_DAYS[provider];
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}

export type ValidateRangeInput = {
  from: Date;
  to: Date;
  now: Date;
  /** Oldest data the provider keeps (see `earliestAvailable`); null or omitted for no limit. */
  earliest?: Date | null;
};

/** Checks a CUSTOM_RANGE request and returns it as a window, or throws `InvalidRangeError`. */
export function validateRange({ from, to, now, earliest = null }: ValidateRangeInput): Window {
  if (!isValidDate(from))
    throw new InvalidRangeError('from', 'The start date is not a valid date.');
  if (!isValidDate(to)) throw new InvalidRangeError('to', 'The end date is not a valid date.');
  if (from.getTime() >= to.getTime()) {
    throw new InvalidRangeError(
      'to',
      `The end (${to.toISOString()}) must be after the start (${from.toISOString()}).`,
    );
  }
  if (to.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new InvalidRangeError(
      'to',
      `The end (${to.toISOString()}) is in the future; it can be at most now (${now.toISOString()}).`,
    );
  }
  if (earliest && from.getTime() < earliest.getTime()) {
    throw new InvalidRangeError(
      'from',
      `The start (${from.toISOString()}) is older than the provider keeps data; the earliest possible start is ${earliest.toISOString()}.`,
    );
  }
  return { start: from, end: to };
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && Number.isFinite(value.getTime());
}
