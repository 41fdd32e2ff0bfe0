import { Gauge, type Registry } from 'prom-client';
import type { Queryable } from '../pool.ts';
import { readMetricsSnapshot } from './metrics-snapshot.ts';

/**
 * Registers the gauges both the API and the worker export: jobs and chunks by status, records
 * written by kind, queue depth and lag. One database snapshot per scrape feeds all of them.
 */
export function registerSyncGauges(registry: Registry, db: Queryable): void {
  // Every gauge's collect() awaits the same snapshot, taken once per scrape (called only at
  // scrape time, after the gauges below exist).
  let pending: Promise<void> | null = null;
  const refresh = (): Promise<void> =>
    (pending ??= readMetricsSnapshot(db)
      .then((snapshot) => {
        jobs.reset();
        for (const { status, n } of snapshot.jobs) jobs.set({ status }, n);
        chunks.reset();
        for (const { status, n } of snapshot.chunks) chunks.set({ status }, n);
        for (const [kind, n] of Object.entries(snapshot.records)) records.set({ kind }, n);
        depth.reset();
        lag.reset();
        for (const queue of snapshot.queues) {
          depth.set({ queue: queue.name }, queue.depth);
          lag.set({ queue: queue.name }, queue.lagSeconds);
        }
      })
      .finally(() => {
        setImmediate(() => {
          pending = null;
        });
      }));
  const collect = refresh;
  const jobs = new Gauge({
    name: 'tributary_sync_jobs',
    help: 'Sync jobs by status (finished jobs until retention removes them)',
    labelNames: ['status'],
    registers: [registry],
    collect,
  });
  const chunks = new Gauge({
    name: 'tributary_sync_chunks',
    help: 'Sync chunks by status',
    labelNames: ['status'],
    registers: [registry],
    collect,
  });
  const records = new Gauge({
    name: 'tributary_records_written',
    help: 'Records the retained jobs wrote, by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect,
  });
  const depth = new Gauge({
    name: 'tributary_queue_depth',
    help: 'Queue jobs ready to run, by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect,
  });
  const lag = new Gauge({
    name: 'tributary_queue_lag_seconds',
    help: 'How long the oldest ready queue job has waited, by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect,
  });
}
