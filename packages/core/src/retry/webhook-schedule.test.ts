import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
  InvalidWebhookScheduleError,
  parseWebhookRetrySchedule,
  webhookRetryDelay,
} from './webhook-schedule.ts';

describe('webhook retry schedule', () => {
  it('covers more than 24 hours even when every wait draws its shortest jitter', () => {
    const shortest = DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS.map(
      (_, i) => webhookRetryDelay(DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, i + 1, () => 0)!,
    );
    expect(shortest.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3_600_000);
  });

  it('grows, jitters within 10% and ends when the schedule is spent', () => {
    const schedule = [1000, 4000];
    expect(webhookRetryDelay(schedule, 1, () => 0)).toBe(900);
    expect(webhookRetryDelay(schedule, 1, () => 1)).toBe(1100);
    expect(webhookRetryDelay(schedule, 2, () => 0.5)).toBe(4000);
    expect(webhookRetryDelay(schedule, 3)).toBeNull();
    expect(() => webhookRetryDelay(schedule, 0)).toThrow(InvalidWebhookScheduleError);
  });

  it('reads durations with units and rejects anything else', () => {
    expect(parseWebhookRetrySchedule('5s, 5m,2h,250ms,40')).toEqual([
      5000, 300_000, 7_200_000, 250, 40,
    ]);
    expect(parseWebhookRetrySchedule('5s,5m,30m,2h,5h,10h,10h')).toEqual([
      ...DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
    ]);
    for (const bad of ['', 'soon', '5 minutes', '-1s']) {
      expect(() => parseWebhookRetrySchedule(bad)).toThrow(InvalidWebhookScheduleError);
    }
  });
});
