/**
 * The webhook event types, as the `type` field of a delivered body says them. Standard Webhooks
 * recommends dot-separated, hierarchical names (https://www.standardwebhooks.com/, "Event types").
 */
export const WEBHOOK_EVENT_TYPES = [
  /** A sync job (one phase) ended: SUCCEEDED, COMPLETED_WITH_ERRORS, FAILED or CANCELLED. */
  'sync.job.finished',
  /** An initial sync's RECENT phase (the last 90 days) is usable; history continues behind it. */
  'sync.recent.ready',
  /** The provider rejected a connection's token: reconnect it before it can sync again. */
  'connection.needs_reauth',
  /** A RUNNING job committed nothing for the stall threshold (WEBHOOK_STALL_MINUTES). */
  'sync.job.stalled',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** The channel the outbox triggers NOTIFY; workers LISTEN to dispatch at once. */
export const WEBHOOK_EVENTS_CHANNEL = 'tributary_webhook_events';
