import { InvalidProgressInputError } from './progress-errors.ts';

/** Why a job is not reading right now, when it is waiting for a known time. */
export type WaitReason = 'RATE_LIMIT' | 'RETRY_BACKOFF' | 'PROVIDER_UNAVAILABLE';

export type KnownWait = { reason: WaitReason; until: Date };

export type EtaInput = {
  now: Date;
  /** Items left by the work estimate; null when unknown. */
  itemsLeft: number | null;
  /** The job's smoothed items/second as of its last page. */
  ratePerSecond: number | null;
  /** When the rate started being measured (the job's start). */
  measuredSince: Date | null;
  /** The job's last committed page. */
  lastProgressAt: Date | null;
  /** Nothing will be read before this (every open chunk waits for a rate limit, a retry, an outage). */
  wait: KnownWait | null;
};

export type Eta = {
  /** Seconds until the job is expected to finish, waits included; null until a rate exists. */
  etaSeconds: number | null;
  /** Seconds of that the job spends waiting, and why. */
  waitSeconds: number;
  waitReason: WaitReason | null;
  /** The rate the estimate used (decayed while no page arrives and no wait explains it). */
  ratePerSecond: number | null;
};

/** A rate needs this much measuring before an ETA is worth showing. */
export const MIN_RATE_MEASURE_MS = 3_000;
/** Pages a second or two apart are normal; past this, silence slows the rate. */
const QUIET_MS = 2_000;
const HALF_LIFE_MS = 10_000;

/**
 * Seconds left: items left ÷ rate, plus the known wait. The rate comes from the worker's moving
 * average; while no page arrives and no wait explains it, it decays as if zero-item samples were
 * folded in, so a stall shows a growing ETA instead of a frozen one.
 */
export function estimateEta(input: EtaInput): Eta {
  const { now, itemsLeft, ratePerSecond, measuredSince, lastProgressAt, wait } = input;
  if (itemsLeft !== null && (!Number.isFinite(itemsLeft) || itemsLeft < 0)) {
    throw new InvalidProgressInputError(
      `itemsLeft must be a non-negative number, got ${itemsLeft}`,
    );
  }
  const waitMs = wait ? Math.max(0, wait.until.getTime() - now.getTime()) : 0;
  const waiting = waitMs > 0 && wait ? wait.reason : null;
  let rate = ratePerSecond !== null && ratePerSecond > 0 ? ratePerSecond : null;
  if (rate !== null && !waiting && lastProgressAt) {
    const silentMs = now.getTime() - lastProgressAt.getTime() - QUIET_MS;
    if (silentMs > 0) rate *= 2 ** (-silentMs / HALF_LIFE_MS);
  }
  const measured =
    measuredSince !== null && now.getTime() - measuredSince.getTime() >= MIN_RATE_MEASURE_MS;
  if (itemsLeft === null || rate === null || !measured) {
    return {
      etaSeconds: null,
      waitSeconds: waitMs / 1000,
      waitReason: waiting,
      ratePerSecond: rate,
    };
  }
  return {
    etaSeconds: waitMs / 1000 + itemsLeft / rate,
    waitSeconds: waitMs / 1000,
    waitReason: waiting,
    ratePerSecond: rate,
  };
}
