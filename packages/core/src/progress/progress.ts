import { InvalidProgressInputError } from './progress-errors.ts';

export type ProgressInput = {
  itemsProcessed: number;
  /** Items the job will read, when the providers told us; null or 0 when unknown. */
  itemsEstimated: number | null;
  chunksTotal: number;
  chunksDone: number;
  throughputPerSecond: number | null;
  /**
   * The job's planning stage. Jobs that discover structure first (Facebook Ads entities, mail
   * folders) plan most chunks only after discovery, so a share of planned chunks would read 100%
   * when discovery ends and then fall. With the stage, discovery fills the first 10% and the
   * chunks planned after it the rest.
   */
  stage?: 'PLAN' | 'DISCOVER' | 'FANOUT' | 'RUN';
  /** Discovery chunks among `chunksTotal` / `chunksDone`. */
  discovery?: { total: number; done: number };
};

/** Share of the bar that structure discovery fills. */
const DISCOVERY_PERCENT = 10;

/** Short of every chunk done, progress shows at most this, so "100%" always means finished. */
const UNFINISHED_MAX_PERCENT = 99;

/**
 * Percent done and seconds left. Percent is the larger of the item share (when estimated)
 * and the chunk share, so an estimate that is too low or missing still moves with chunks; it
 * reaches 100 only when every chunk is done. Callers may clamp it to never go backwards.
 * ETA comes from the smoothed throughput and the items left, null when either is unknown.
 */
export function computeProgress({
  itemsProcessed,
  itemsEstimated,
  chunksTotal,
  chunksDone,
  throughputPerSecond,
  stage,
  discovery,
}: ProgressInput): { percent: number; etaSeconds: number | null } {
  for (const [name, value] of [
    ['itemsProcessed', itemsProcessed],
    ['chunksTotal', chunksTotal],
    ['chunksDone', chunksDone],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidProgressInputError(`${name} must be a non-negative number, got ${value}`);
    }
  }
  // Nothing planned yet: nothing to show.
  if (chunksTotal === 0 || stage === 'PLAN') return { percent: 0, etaSeconds: null };
  const discovered = discovery && discovery.total > 0 ? discovery : null;
  if (stage === 'DISCOVER' || stage === 'FANOUT') {
    const share = discovered ? Math.min(1, discovered.done / discovered.total) : 0;
    return { percent: DISCOVERY_PERCENT * share, etaSeconds: null };
  }
  if (chunksDone >= chunksTotal) return { percent: 100, etaSeconds: 0 };
  // After discovery, the bar's remaining 90% follows the chunks planned from it.
  const base = stage === 'RUN' && discovered ? DISCOVERY_PERCENT : 0;
  const total = base > 0 ? chunksTotal - discovered!.total : chunksTotal;
  const done = base > 0 ? chunksDone - discovered!.done : chunksDone;

  const chunkShare = total > 0 ? Math.max(0, done) / total : 0;
  const estimated = itemsEstimated !== null && itemsEstimated > 0 ? itemsEstimated : null;
  const itemShare = estimated === null ? 0 : Math.min(1, itemsProcessed / estimated);
  const percent = Math.min(
    UNFINISHED_MAX_PERCENT,
    base + (100 - base) * Math.max(chunkShare, itemShare),
  );

  const itemsLeft = estimated === null ? 0 : estimated - itemsProcessed;
  const knowsRate = throughputPerSecond !== null && throughputPerSecond > 0;
  // No items left by the estimate while chunks remain: the estimate was low, so time is unknown.
  const etaSeconds = knowsRate && itemsLeft > 0 ? itemsLeft / throughputPerSecond : null;
  return { percent, etaSeconds };
}
