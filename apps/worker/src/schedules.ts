import type { Queue } from '@tributary/db';
import type { EngineDeps } from './engine-deps.ts';
import { applyRetention, startScheduledSyncs } from './maintenance.ts';

/**
 * pg-boss cron: every worker registers the same schedules (an upsert), and pg-boss sends one
 * job per occurrence however many workers run, so each tick is handled once. Connection
 * schedules are intervals (5 minutes to a week, `next_sync_at`), checked by the minute tick; a
 * schedule of 0 minutes is "off" and never gets a `next_sync_at`, so the tick never starts it.
 */
export const SCHEDULES = {
  'sync-schedule': '* * * * *',
  'sync-retention': '17 * * * *',
} as const;

export async function registerSchedules(
  queue: Queue,
  deps: EngineDeps,
  retentionDays: number,
): Promise<void> {
  for (const [name, cron] of Object.entries(SCHEDULES)) {
    await queue.boss.schedule(name, cron, {}, { tz: 'UTC' });
  }
  await queue.boss.work('sync-schedule', { pollingIntervalSeconds: 10 }, async () => {
    if (!deps.stopping.requested) await startScheduledSyncs(deps);
  });
  await queue.boss.work('sync-retention', { pollingIntervalSeconds: 10 }, async () => {
    if (!deps.stopping.requested) await applyRetention(deps, retentionDays);
  });
}
