/**
 * When a webhook delivery is tried again after a failed attempt. The waits grow roughly
 * exponentially and add up to over a day, so a receiver that is down for hours (a deploy gone
 * wrong, an outage overnight) still gets every event. The waits are the ones Svix (the authors of
 * Standard Webhooks) documents, https://docs.svix.com/retries: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h, about 27.6 h in all.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** Each wait moves by up to this share either way, so endpoints failing together spread out. */
export const WEBHOOK_RETRY_JITTER = 0.1;

export class InvalidWebhookScheduleError extends Error {
  readonly code = 'INVALID_WEBHOOK_SCHEDULE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookScheduleError';
  }
}

/**
 * The wait after failed attempt `attempt` (1-based), or null when the schedule is spent and the
 * delivery has failed for good. A delivery gets `schedule.length + 1` attempts.
 */
export function webhookRetryDelay(
  schedule: readonly number[],
  attempt: number,
  random: () => number = Math.random,
): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new InvalidWebhookScheduleError(`attempt is 1-based, got ${attempt}`);
  }
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 + WEBHOOK_RETRY_JITTER * (2 * draw - 1)));
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a schedule such as `5s,5m,30m,2h,5h,10h,10h` (units ms, s, m, h; a bare number is
 * milliseconds). Tests compress it (`50ms,100ms,...`) to run a day of retries in seconds.
 */
export function parseWebhookRetrySchedule(text: string): number[] {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 50) {
    throw new InvalidWebhookScheduleError('a retry schedule lists 1 to 50 waits, e.g. 5s,5m,30m');
  }
  return parts.map((part) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(part);
    if (!match) {
      throw new InvalidWebhookScheduleError(
        `"${part.slice(0, 20)}" is not a wait like 500ms, 5s, 5m or 2h`,
      );
    }
    return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
  });
}
