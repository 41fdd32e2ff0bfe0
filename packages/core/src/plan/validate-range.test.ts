import { describe, expect, it } from 'vitest';
import { InvalidRangeError } from './plan-errors.ts';
import { earliestAvailable, PROVIDER_RETENTION_DAYS, validateRange } from './validate-range.ts';
import { DAY_MS } from './window.ts';

const now = new Date('2025-08-30T00:00:00Z');
const at = (iso: string) => new Date(iso);

function rangeError(run: () => unknown): InvalidRangeError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidRangeError) return error;
    throw error;
  }
  throw new Error('expected InvalidRangeError');
}

describe('validateRange', () => {
  it('rejects a start at or after the end, naming the end', () => {
    const error = rangeError(() =>
      validateRange({ from: at('2025-06-01'), to: at('2025-06-01'), now }),
    );
    expect(error).toMatchObject({ code: 'INVALID_RANGE', field: 'to' });
    expect(error.message).toMatch(/must be after the start/);
  });

  it('rejects an end more than a minute in the future', () => {
    const error = rangeError(() =>
      validateRange({ from: at('2025-06-01'), to: new Date(now.getTime() + 61_000), now }),
    );
    expect(error).toMatchObject({ field: 'to' });
    expect(error.message).toMatch(/in the future/);
    expect(
      validateRange({ from: at('2025-06-01'), to: new Date(now.getTime() + 60_000), now }).end,
    ).toEqual(new Date(now.getTime() + 60_000));
  });

  it('rejects a start older than the provider keeps, saying the earliest allowed', () => {
    const earliest = earliestAvailable('FACEBOOK_ADS', now)!;
    const error = rangeError(() =>
      validateRange({ from: new Date(earliest.getTime() - 1), to: now, now, earliest }),
    );
    expect(error).toMatchObject({ field: 'from' });
    expect(error.message).toContain(earliest.toISOString());
    expect(validateRange({ from: earliest, to: now, now, earliest }).start).toEqual(earliest);
  });

  it('rejects invalid dates', () => {
    expect(rangeError(() => validateRange({ from: new Date('x'), to: now, now })).field).toBe(
      'from',
    );
    expect(rangeError(() => validateRange({ from: now, to: new Date('x'), now })).field).toBe('to');
  });

  it('returns the range as a window', () => {
    expect(validateRange({ from: at('2020-01-01'), to: at('2025-01-01'), now })).toEqual({
      start: at('2020-01-01'),
      end: at('2025-01-01'),
    });
  });
});

describe('earliestAvailable', () => {
  it('is 37 months back for Facebook Ads and unlimited for the others', () => {
    expect(earliestAvailable('FACEBOOK_ADS', now)).toEqual(
      new Date(now.getTime() - PROVIDER_RETENTION_DAYS.FACEBOOK_ADS! * DAY_MS),
    );
    expect(earliestAvailable('FACEBOOK_PAGES', now)).toBeNull();
    expect(earliestAvailable('MICROSOFT_MAIL', now)).toBeNull();
  });
});
