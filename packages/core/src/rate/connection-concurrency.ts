import type { ProviderId } from '../source/provider.ts';

/**
 * Requests one provider account may have in flight at once, where the provider documents a
 * number. Outlook (Graph mail): "a maximum of 4 concurrent requests" per app and mailbox, a
 * fifth is answered 429 MailboxConcurrency.
 * https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits
 * The Graph API's Facebook limits are budgets, not concurrency: usage headers (x-app-usage,
 * x-business-use-case-usage) report a share of a rolling window that any number of parallel
 * calls draws on, and the governor paces by them.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */
export function documentedConcurrency(provider: ProviderId): number | null {
  switch (provider) {
    case 'MICROSOFT_MAIL':
      return 4;
    case 'FACEBOOK_ADS':
    case 'FACEBOOK_PAGES':
      return null;
    default:
      return assertNever(provider);
  }
}

/**
 * Chunks of one connection the engine runs at once when the provider's budget, not a count,
 * is the limit: each chunk has one request in flight (its next page, fetched while the last one
 * commits), so this bounds a connection's requests in flight. Eight hide 150 ms of provider
 * latency behind the engine's own work (measured: a 150 ms sync as fast as a zero-latency one).
 * More burst: 16 spent three quarters of a 200 requests/minute budget in two seconds, and in a
 * sliding window those requests all came back at once a minute later, so each window ended
 * underused (wall 1.15 × the budget's minimum; 8: 1.06, 2: 1.05).
 */
export const BUDGET_PACED_CONCURRENCY = 8;

/** Every provider's limit on one connection's running chunks, under an optional operator cap. */
export type ConnectionLimits = Record<ProviderId, number>;

export class InvalidConcurrencyError extends Error {
  readonly code = 'INVALID_CONCURRENCY' as const;

  constructor(value: number) {
    super(`a connection concurrency cap must be a whole number ≥ 1, got ${value}`);
    this.name = 'InvalidConcurrencyError';
  }
}

/**
 * The provider's documented concurrency (or BUDGET_PACED_CONCURRENCY for budget-only
 * providers), never above `cap` (CONNECTION_CONCURRENCY) when one is set.
 */
export function connectionLimits(cap?: number): ConnectionLimits {
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1)) {
    throw new InvalidConcurrencyError(cap);
  }
  const limitOf = (provider: ProviderId) =>
    Math.min(documentedConcurrency(provider) ?? BUDGET_PACED_CONCURRENCY, cap ?? Infinity);
  return {
    FACEBOOK_ADS: limitOf('FACEBOOK_ADS'),
    FACEBOOK_PAGES: limitOf('FACEBOOK_PAGES'),
    MICROSOFT_MAIL: limitOf('MICROSOFT_MAIL'),
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown provider ${String(value)}`);
}
