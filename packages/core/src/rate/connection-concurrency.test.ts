import { describe, expect, it } from 'vitest';
import {
  BUDGET_PACED_CONCURRENCY,
  connectionLimits,
  documentedConcurrency,
  InvalidConcurrencyError,
} from './connection-concurrency.ts';

describe('connection concurrency', () => {
  it('runs a mailbox at Outlook’s documented 4 concurrent requests', () => {
    expect(documentedConcurrency('MICROSOFT_MAIL')).toBe(4);
    expect(connectionLimits().MICROSOFT_MAIL).toBe(4);
  });

  it('leaves budget-paced Facebook accounts to the governor, up to the engine’s own bound', () => {
    expect(documentedConcurrency('FACEBOOK_ADS')).toBeNull();
    expect(connectionLimits()).toEqual({
      FACEBOOK_ADS: BUDGET_PACED_CONCURRENCY,
      FACEBOOK_PAGES: BUDGET_PACED_CONCURRENCY,
      MICROSOFT_MAIL: 4,
    });
  });

  it('an operator cap lowers every provider’s limit and never raises one', () => {
    expect(connectionLimits(2)).toEqual({ FACEBOOK_ADS: 2, FACEBOOK_PAGES: 2, MICROSOFT_MAIL: 2 });
    expect(connectionLimits(6)).toEqual({ FACEBOOK_ADS: 6, FACEBOOK_PAGES: 6, MICROSOFT_MAIL: 4 });
  });

  it('rejects a cap that is not a whole number of at least one', () => {
    for (const cap of [0, -1, 1.5, Number.NaN]) {
      expect(() => connectionLimits(cap)).toThrow(InvalidConcurrencyError);
    }
  });
});
