import type { SyncJob } from '../graphql/results.ts';

/** Analytics for the history page, computed from finished jobs. */

export type JobSummaryStats = {
  finished: number;
  successRate: number | null;
  averageDurationMs: number | null;
  averageRecords: number | null;
  throughputPerSecond: number | null;
};

export type StatsPoint = JobSummaryStats & { start: number };

const FINISHED = new Set(['SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED']);

type TimedJob = Pick<SyncJob, 'status' | 'startedAt' | 'finishedAt'> & {
  progress: Pick<SyncJob['progress'], 'itemsProcessed'>;
};

export function isFinished(job: Pick<SyncJob, 'status'>): boolean {
  return FINISHED.has(job.status);
}

function durationMs(job: TimedJob): number | null {
  if (!job.startedAt || !job.finishedAt) return null;
  const ms = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export function summarizeJobs(jobs: readonly TimedJob[]): JobSummaryStats {
  const finished = jobs.filter(isFinished);
  // Cancelled jobs say nothing about reliability; leave them out of the success rate.
  const judged = finished.filter((job) => job.status !== 'CANCELLED');
  const succeeded = judged.filter((job) => job.status === 'SUCCEEDED').length;
  const durations = finished.map(durationMs).filter((ms): ms is number => ms !== null);
  const totalMs = durations.reduce((sum, ms) => sum + ms, 0);
  const totalRecords = finished.reduce((sum, job) => sum + job.progress.itemsProcessed, 0);
  return {
    finished: finished.length,
    successRate: judged.length ? succeeded / judged.length : null,
    averageDurationMs: durations.length ? totalMs / durations.length : null,
    averageRecords: finished.length ? totalRecords / finished.length : null,
    throughputPerSecond: totalMs > 0 ? totalRecords / (totalMs / 1000) : null,
  };
}

const BUCKET_SIZES_MS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  3_600_000,
  6 * 3_600_000,
  86_400_000,
  7 * 86_400_000,
];

/** Smallest bucket size that keeps the series at or under `maxBuckets` points. */
export function chooseBucketMs(spanMs: number, maxBuckets: number): number {
  for (const size of BUCKET_SIZES_MS) {
    if (spanMs / size < maxBuckets) return size;
  }
  return BUCKET_SIZES_MS[BUCKET_SIZES_MS.length - 1]!;
}

/** Finished jobs grouped by when they finished, oldest bucket first; empty buckets omitted. */
export function statsOverTime(jobs: readonly TimedJob[], maxBuckets = 24): StatsPoint[] {
  const finished = jobs.filter((job) => isFinished(job) && job.finishedAt);
  if (finished.length === 0) return [];
  const times = finished.map((job) => Date.parse(job.finishedAt!));
  const first = Math.min(...times);
  const bucketMs = chooseBucketMs(Math.max(...times) - first, maxBuckets);
  const buckets = new Map<number, TimedJob[]>();
  finished.forEach((job, i) => {
    const start = Math.floor(times[i]! / bucketMs) * bucketMs;
    const bucket = buckets.get(start) ?? [];
    bucket.push(job);
    buckets.set(start, bucket);
  });
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, bucket]) => ({ start, ...summarizeJobs(bucket) }));
}
