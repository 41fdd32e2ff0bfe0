import {
  computeProgress as computeCoreProgress,
  estimateEta,
  estimateWork,
  initialPhaseSpanMs,
  isFinishedJobStatus,
  projectPhaseSeconds,
  type WaitReason,
} from '@tributary/core';
import type { ChunkCounts, ProgressCounters, SyncJobRow } from '../data/rows.ts';

export type SyncProgress = ProgressCounters & {
  percent: number;
  etaSeconds: number | null;
  /** now + etaSeconds. */
  finishesAt: Date | null;
  /** Nothing can be read before this (every open chunk waits), and why. */
  waitingUntil: Date | null;
  waitReason: WaitReason | null;
  throughputPerSecond: number | null;
  currentActivity: string | null;
  currentItemLabel: string | null;
};

/**
 * Progress of a job from its row and chunk counts. Percent is work read over work estimated
 * (core `estimateWork`, refined as chunks learn their sizes), inside the engine's stage-aware
 * `computeProgress`; callers hold it at its highest (PercentFloors). The ETA is the estimate
 * left over the moving rate, plus the wait every open chunk is held for. Throughput falls back
 * to the average since start before the worker's smoothed value exists.
 */
export function computeProgress(
  job: SyncJobRow,
  chunks: ChunkCounts,
  now: Date,
  phases: PhaseContext = {},
): SyncProgress {
  const elapsedSeconds = job.startedAt
    ? Math.max((now.getTime() - job.startedAt.getTime()) / 1000, 0.001)
    : null;
  const throughput =
    job.throughputPerSecond ??
    (elapsedSeconds && job.itemsProcessed > 0 ? job.itemsProcessed / elapsedSeconds : null);
  // After discovery the bar follows the chunks discovery planned; their work is what is left.
  const work = estimateWork(
    chunks.work.filter((g) => !g.discovery || chunks.discoveryTotal === chunks.total),
  );
  const finished = isFinishedJobStatus(job.status);
  const succeeded = chunks.SUCCEEDED;
  const core = computeCoreProgress({
    itemsProcessed: work.done,
    itemsEstimated: work.estimated === null ? null : Math.max(work.estimated, 1),
    chunksTotal: chunks.total,
    // A finished job that did not succeed shows what it read, not its failed chunks as done.
    chunksDone:
      finished && job.status !== 'SUCCEEDED'
        ? succeeded
        : succeeded + chunks.FAILED + chunks.CANCELLED,
    throughputPerSecond: throughput,
    stage: job.stage,
    discovery: { total: chunks.discoveryTotal, done: chunks.discoveryDone },
  });
  const running = !finished && job.status !== 'PENDING';
  const canEstimate = running && job.stage === 'RUN' && work.estimated !== null;
  // Nothing runs and nothing may run yet: the job waits for the earliest held chunk.
  const held = chunks.RUNNING === 0 && chunks.ready === 0 ? chunks.waitUntil : null;
  const eta = estimateEta({
    now,
    itemsLeft: canEstimate ? Math.max(0, work.estimated! - work.done) : null,
    ratePerSecond: throughput,
    measuredSince: job.startedAt,
    lastProgressAt: job.lastProgressAt,
    wait: running ? held : null,
  });
  const ownEta = eta.etaSeconds ?? (finished ? null : projectFromPrevious(job, phases, now));
  const etaSeconds = ownEta === null ? null : round(ownEta);
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
    itemsEstimated: job.itemsEstimated ?? (canEstimate ? Math.round(work.estimated!) : null),
    inserted: job.inserted,
    updated: job.updated,
    unchanged: job.unchanged,
    deleted: job.deleted,
    events: job.events,
    skipped: job.skipped,
    etaSeconds,
    finishesAt: etaSeconds === null ? null : new Date(now.getTime() + etaSeconds * 1000),
    waitingUntil: eta.waitReason && held ? held.until : null,
    waitReason: eta.waitReason,
    throughputPerSecond: throughput === null ? null : round(throughput),
    currentActivity: job.currentActivity,
    currentItemLabel: job.currentItemLabel,
  };
}

/** What a later phase's ETA can be projected from before it has a rate of its own. */
export type PhaseContext = {
  previous?: SyncJobRow | null;
  accountCreatedAt?: Date | null;
};

/** HISTORICAL of an INITIAL or FULL_RESYNC: the recent phase's time, scaled by history's span. */
function projectFromPrevious(job: SyncJobRow, phases: PhaseContext, now: Date): number | null {
  const { previous, accountCreatedAt } = phases;
  if (job.phase !== 'HISTORICAL' || !previous || !accountCreatedAt) return null;
  if (previous.status !== 'SUCCEEDED' || !previous.startedAt || !previous.finishedAt) return null;
  return projectPhaseSeconds({
    previousSeconds: (previous.finishedAt.getTime() - previous.startedAt.getTime()) / 1000,
    previousSpanMs: initialPhaseSpanMs('RECENT', accountCreatedAt, previous.finishedAt),
    spanMs: initialPhaseSpanMs('HISTORICAL', accountCreatedAt, previous.finishedAt),
    elapsedSeconds: job.startedAt ? (now.getTime() - job.startedAt.getTime()) / 1000 : 0,
  });
}

const round = (value: number) => Math.round(value * 10) / 10;
