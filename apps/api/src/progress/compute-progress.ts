import type { ChunkCounts, SyncJobRow } from '../data/rows.ts';

export type SyncProgress = {
  percent: number;
  itemsProcessed: number;
  itemsEstimated: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  events: number;
  skipped: number;
  etaSeconds: number | null;
  throughputPerSecond: number | null;
  currentActivity: string | null;
  currentItemLabel: string | null;
};

const FINISHED = new Set(['SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED']);

/**
 * Progress of a job from its row and chunk counts. Percent follows items when the provider gave
 * an estimate, else finished chunks; it stays below 100 until the job has finished, so a
 * dashboard never shows "100 %" next to a running sync.
 */
export function computeProgress(job: SyncJobRow, chunks: ChunkCounts, now: Date): SyncProgress {
  const finishedChunks = chunks.SUCCEEDED + chunks.FAILED + chunks.CANCELLED;
  const estimated = job.itemsEstimated && job.itemsEstimated > 0 ? job.itemsEstimated : null;
  let fraction = estimated
    ? job.itemsProcessed / estimated
    : chunks.total > 0
      ? finishedChunks / chunks.total
      : 0;
  fraction = Math.min(Math.max(fraction, 0), 1);
  const finished = FINISHED.has(job.status);
  const percent =
    job.status === 'SUCCEEDED'
      ? 100
      : finished
        ? round(fraction * 100)
        : Math.min(round(fraction * 100), 99.9);

  const elapsedSeconds = job.startedAt
    ? Math.max((now.getTime() - job.startedAt.getTime()) / 1000, 0.001)
    : null;
  const throughput =
    job.throughputPerSecond ??
    (elapsedSeconds && job.itemsProcessed > 0 ? job.itemsProcessed / elapsedSeconds : null);

  let etaSeconds: number | null = null;
  if (!finished && job.status !== 'PENDING') {
    if (estimated && throughput && throughput > 0) {
      etaSeconds = Math.max(estimated - job.itemsProcessed, 0) / throughput;
    } else if (elapsedSeconds && fraction > 0) {
      etaSeconds = (elapsedSeconds * (1 - fraction)) / fraction;
    }
  }
  return {
    percent,
    itemsProcessed: job.itemsProcessed,
    itemsEstimated: job.itemsEstimated,
    inserted: job.inserted,
    updated: job.updated,
    unchanged: job.unchanged,
    deleted: job.deleted,
    events: job.events,
    skipped: job.skipped,
    etaSeconds: etaSeconds === null ? null : round(etaSeconds),
    throughputPerSecond: throughput === null ? null : round(throughput),
    currentActivity: job.currentActivity,
    currentItemLabel: job.currentItemLabel,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
