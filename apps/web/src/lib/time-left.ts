import type { SyncWaitReason } from '../generated/graphql.ts';
import { formatClock, formatClockSeconds, formatEta } from './format.ts';

type Timed = {
  etaSeconds?: number | null;
  finishesAt?: string | null;
  waitingUntil?: string | null;
  waitReason?: SyncWaitReason | null;
};

const WAIT_WORDS: Record<SyncWaitReason, string> = {
  RATE_LIMIT: 'the provider’s rate limit',
  RETRY_BACKOFF: 'a retry after a temporary error',
  PROVIDER_UNAVAILABLE: 'the provider to come back',
};

/**
 * What a person reads about time for a running job: "about 3 min left", "done by 12:34", and
 * the wait it counts in ("Waiting for the provider’s rate limit until 12:34:35").
 */
export function timeLeft(progress: Timed, now: Date = new Date()) {
  const known = progress.etaSeconds !== null && progress.etaSeconds !== undefined;
  return {
    left: formatEta(progress.etaSeconds),
    finishes:
      known && progress.finishesAt ? `done by ${formatClock(progress.finishesAt, now)}` : null,
    wait:
      progress.waitReason && progress.waitingUntil
        ? `Waiting for ${WAIT_WORDS[progress.waitReason]} until ${formatClockSeconds(progress.waitingUntil)}`
        : null,
  };
}
