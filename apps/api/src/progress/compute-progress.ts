import { computeProgress as computeCoreProgress, isFinishedJobStatus } from '@tributary/core';
import type { ChunkCounts, ProgressCounters, SyncJobRow } from '../data/rows.ts';

export type SyncProgress = ProgressCounters & {
  percent: number;
  etaSeconds: number | null;
  throughputPerSecond: number | null;
  currentActivity: string | null;
  currentItemLabel: string | null;
};

/**
 * Progress of a job from its row and chunk counts. Percent and ETA come from the engine's
 * `computeProgress` (so the API and the worker agree); a SUCCEEDED job is 100 even when it had
 * nothing to plan, and throughput falls back to the average since start before the worker's
 * smoothed value exists.
 */
export function computeProgress(job: SyncJobRow, chunks: ChunkCounts, now: Date): SyncProgress {
  const elapsedSeconds = job.startedAt
    ? Math.max((now.getTime() - job.startedAt.getTime()) / 1000, 0.001)
    : null;
  const throughput =
    job.throughputPerSecond ??
    (elapsedSeconds && job.itemsProcessed > 0 ? job.itemsProcessed / elapsedSeconds : null);
  const core = computeCoreProgress({
    itemsProcessed: Math.max(job.itemsProcessed, 0),
    itemsEstimated: job.itemsEstimated,
    chunksTotal: chunks.total,
    chunksDone: chunks.SUCCEEDED + chunks.FAILED + chunks.CANCELLED,
    throughputPerSecond: throughput,
    stage: job.stage,
    discovery: { total: chunks.discoveryTotal, done: chunks.discoveryDone },
  });
  const finished = isFinishedJobStatus(job.status);
  return {
    // The job row and its chunk counts are read one after the other: counts newer than the row
    // can show every chunk done while the row still says RUNNING. 100 means finished.
    percent:
      job.status === 'SUCCEEDED'
        ? 100
        : finished
          ? round(core.percent)
          : Math.min(99, round(core.percent)),
    itemsProcessed: job.itemsProcessed,
    itemsEstimated: job.itemsEstimated,
    inserted: job.inserted,
    updated: job.updated,
    unchanged: job.unchanged,
    deleted: job.deleted,
    events: job.events,
    skipped: job.skipped,
    etaSeconds: finished || core.etaSeconds === null ? null : round(core.etaSeconds),
    throughputPerSecond: throughput === null ? null : round(throughput),
    currentActivity: job.currentActivity,
    currentItemLabel: job.currentItemLabel,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
