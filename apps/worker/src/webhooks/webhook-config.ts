import { DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS } from '@tributary/core';

/** Webhook delivery tunables; tests compress the schedule to run a day of retries in seconds. */
export type WebhookConfig = {
  /** Waits between attempts (WEBHOOK_RETRY_SCHEDULE); a delivery gets one attempt more. */
  retryScheduleMs: readonly number[];
  /** One attempt without a response within this is a failure (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Attempts this worker makes at once (WEBHOOK_CONCURRENCY); a separate queue from syncs. */
  concurrency: number;
  /** A RUNNING job with no committed page for this long is announced as stalled. */
  stallMs: number;
  /**
   * Whether deliveries may reach loopback and private addresses: outside production only (as
   * the API allows http://localhost endpoints there), so a receiver on a developer's machine
   * works; in production an endpoint's name resolving to one is refused at connect time.
   */
  allowInternalAddresses: boolean;
};

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  retryScheduleMs: DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
  timeoutMs: 15_000,
  concurrency: 4,
  stallMs: 30 * 60_000,
  allowInternalAddresses: process.env.NODE_ENV !== 'production',
};
