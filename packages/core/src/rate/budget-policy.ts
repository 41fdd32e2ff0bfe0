import type { ProviderId } from '../source/provider.ts';

export type BudgetPolicy = {
  provider: ProviderId;
  /** Count-driven budgets: at most this many requests per window (Microsoft: 10,000 per 10 minutes). */
  requestsPerWindow?: number;
  /** The provider's accounting window (Facebook: a rolling hour). */
  windowMs?: number;
  /** From this share of the budget on, requests are spaced out. */
  slowDownAtPercent: number;
  /** At this share the governor stops until the provider has regained budget. */
  stopAtPercent: number;
  /** Never two requests closer than this, whatever the budget says. */
  minSpacingMs: number;
  /**
   * Count-driven budgets: this many requests may go at once (a token bucket, as GCRA), with
   * the pace then (cap − burst) per window, so that no window of `windowMs`, wherever it
   * starts, holds more than the cap: a short sync sends its few requests without waiting.
   */
  burstRequests?: number;
  /**
   * Percent-driven budgets, once readings have taught the cost of a call: fill the provider's
   * window to this share (see usage-model.ts), short of `stopAtPercent` for the rounding in
   * the readings and for other consumers of the same budget. Defaults to `stopAtPercent`.
   */
  fillToPercent?: number;
  /** How long to stop at `stopAtPercent` when the provider gives no time to regain access. */
  defaultBlockMs?: number;
  /**
   * Percent-driven pacing scale: the spacing at the midpoint between slow-down and stop. The
   * spacing grows without bound as usage nears stop (see `spacingAfter`).
   */
  paceUnitMs?: number;
  /**
   * Percent-driven: for this long after a reading, a lower reading is taken as a late answer
   * to an earlier request rather than as usage falling.
   */
  readingSettleMs?: number;
};

export const DEFAULT_BUDGET_WINDOW_MS = 3_600_000;
export const DEFAULT_BLOCK_MS = 60_000;
export const DEFAULT_READING_SETTLE_MS = 2_000;

const MAIL_WINDOW_MS = 600_000;
const MAIL_REQUESTS_PER_WINDOW = 10_000;
const MAIL_BURST_REQUESTS = 500;

export function defaultBudgetPolicy(provider: ProviderId): BudgetPolicy {
  switch (provider) {
    case 'FACEBOOK_ADS':
    case 'FACEBOOK_PAGES':
      // Graph reports usage as percentages of a rolling hour (x-app-usage, x-business-use-case-usage).
      return {
        provider,
        windowMs: DEFAULT_BUDGET_WINDOW_MS,
        slowDownAtPercent: 75,
        stopAtPercent: 95,
        fillToPercent: 92,
        minSpacingMs: 0,
        defaultBlockMs: DEFAULT_BLOCK_MS,
        paceUnitMs: 1000,
      };
    case 'MICROSOFT_MAIL':
      // Outlook: 10,000 requests per 10 minutes per app per mailbox, and 4 at once (the
      // concurrency lives in connection-concurrency.ts).
      // https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits
      // A burst of 500, then a pace of (9,500 − 500) per 10 minutes: no sliding 10 minutes,
      // wherever it starts, holds more than 9,500, and incremental syncs (a dozen requests each,
      // even several in a row after the initial one) go at once instead of 60 ms apart. The
      // price: a mailbox bound by the budget syncs at 15 requests/s instead of 15.8.
      return {
        provider,
        requestsPerWindow: MAIL_REQUESTS_PER_WINDOW,
        windowMs: MAIL_WINDOW_MS,
        slowDownAtPercent: 75,
        stopAtPercent: 95,
        minSpacingMs: 0,
        burstRequests: MAIL_BURST_REQUESTS,
        defaultBlockMs: DEFAULT_BLOCK_MS,
      };
    default:
      return assertNever(provider);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown provider ${String(value)}`);
}
