/**
 * Outage parking (invariant 3): one breaker per provider account, shared by every worker
 * through the account's rate_budgets row. Transient failures close together open it; while it
 * is open nobody calls the account, so chunks wait together instead of each burning its
 * attempts. When the wait is over, one caller is let through as a probe: its success closes the
 * breaker, its failure opens it again for longer. JSON-serialisable, pure.
 */
export type BreakerState = {
  /** Transient failures since the last success, counted within `windowMs` of the first. */
  failures: number;
  firstFailureMs: number | null;
  /** Openings since the last success: each waits longer than the one before. */
  openings: number;
  /** Open until then; null while closed. */
  retryAtMs: number | null;
  /** A probe was let through and its answer is awaited until then. */
  probeUntilMs: number | null;
  /** The failure that opened it, for the API and the event log. */
  reason: string | null;
};

export type BreakerPolicy = {
  /** This many transient failures within `windowMs` open the breaker. */
  failureThreshold: number;
  windowMs: number;
  /** First wait; each further opening doubles it, up to `maxWaitMs`. */
  minWaitMs: number;
  maxWaitMs: number;
  /** How long the other callers wait for a probe's answer before another probe may go. */
  probeTimeoutMs: number;
};

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
  failureThreshold: 3,
  // Minutes, not seconds: the failures it counts are whole chunk attempts (each with its own
  // request retries and backoff), and one chunk left alone meets an outage only that often.
  // A success in between closes it again, so a noisy but working provider does not open it.
  windowMs: 5 * 60_000,
  minWaitMs: 5_000,
  maxWaitMs: 30 * 60_000,
  probeTimeoutMs: 60_000,
};

export const CLOSED_BREAKER: BreakerState = {
  failures: 0,
  firstFailureMs: null,
  openings: 0,
  retryAtMs: null,
  probeUntilMs: null,
  reason: null,
};

/** A breaker setting no caller should pass (a bug or a bad environment value). */
export class InvalidBreakerPolicyError extends Error {
  readonly code = 'INVALID_BREAKER_POLICY' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidBreakerPolicyError';
  }
}

export type Availability = 'AVAILABLE' | 'UNAVAILABLE' | 'PROBING';

/** What the API shows: available, waiting out an outage until `retryAtMs`, or probing. */
export function breakerAvailability(
  state: BreakerState,
  nowMs: number,
): { state: Availability; retryAtMs: number | null; reason: string | null } {
  if (state.retryAtMs === null) return { state: 'AVAILABLE', retryAtMs: null, reason: null };
  if (state.retryAtMs > nowMs) {
    return { state: 'UNAVAILABLE', retryAtMs: state.retryAtMs, reason: state.reason };
  }
  return { state: 'PROBING', retryAtMs: state.probeUntilMs, reason: state.reason };
}

export type Admission =
  | { admitted: true; probe: boolean; state: BreakerState }
  | { admitted: false; waitMs: number; state: BreakerState };

/**
 * May a request go now? Closed: yes. Open: no, wait until `retryAtMs`. Past it: the first caller
 * goes as the probe; the rest wait for its answer (`probeTimeoutMs` at most).
 */
export function admitRequest(state: BreakerState, policy: BreakerPolicy, nowMs: number): Admission {
  if (state.retryAtMs === null) return { admitted: true, probe: false, state };
  if (state.retryAtMs > nowMs) {
    return { admitted: false, waitMs: state.retryAtMs - nowMs, state };
  }
  if (state.probeUntilMs !== null && state.probeUntilMs > nowMs) {
    return { admitted: false, waitMs: state.probeUntilMs - nowMs, state };
  }
  return {
    admitted: true,
    probe: true,
    state: { ...state, probeUntilMs: nowMs + policy.probeTimeoutMs },
  };
}

/**
 * A request failed transiently (5xx, reset, timeout, malformed body). `parkUntilMs` is set when
 * the breaker is open after it: the caller parks its work until then without spending an
 * attempt. `opened` is true for the failure that opened (or re-opened) it, which reports it.
 */
export function recordFailure(
  state: BreakerState,
  policy: BreakerPolicy,
  nowMs: number,
  reason: string,
  random: () => number = Math.random,
): { state: BreakerState; opened: boolean; parkUntilMs: number | null } {
  assertPolicy(policy);
  if (state.retryAtMs !== null && state.retryAtMs > nowMs) {
    // Already open (an answer to a request sent before it opened): park with the others.
    return {
      state: { ...state, failures: state.failures + 1 },
      opened: false,
      parkUntilMs: state.retryAtMs,
    };
  }
  const halfOpen = state.retryAtMs !== null;
  const inWindow = state.firstFailureMs !== null && nowMs - state.firstFailureMs <= policy.windowMs;
  const failures = inWindow ? state.failures + 1 : 1;
  const firstFailureMs = inWindow ? state.firstFailureMs : nowMs;
  if (!halfOpen && failures < policy.failureThreshold) {
    return {
      state: { ...state, failures, firstFailureMs },
      opened: false,
      parkUntilMs: null,
    };
  }
  // The probe (or any request past the wait) failed, or enough failures came close together.
  const openings = state.openings + 1;
  const retryAtMs = nowMs + outageWait(policy, openings, random);
  return {
    state: { failures, firstFailureMs, openings, retryAtMs, probeUntilMs: null, reason },
    opened: true,
    parkUntilMs: retryAtMs,
  };
}

/** A request succeeded: the provider answers, so the breaker closes and forgets the outage. */
export function recordSuccess(state: BreakerState): BreakerState {
  return isClosedAndClean(state) ? state : CLOSED_BREAKER;
}

/** Nothing to forget: a success needs no write. */
export function isClosedAndClean(state: BreakerState): boolean {
  return state.failures === 0 && state.retryAtMs === null && state.openings === 0;
}

/**
 * The wait after the `opening`-th opening in a row: doubling from `minWaitMs`, capped at
 * `maxWaitMs`, with ±10% jitter so that accounts failing together do not probe together.
 */
export function outageWait(
  policy: BreakerPolicy,
  opening: number,
  random: () => number = Math.random,
): number {
  assertPolicy(policy);
  const ceiling = Math.min(policy.maxWaitMs, policy.minWaitMs * 2 ** Math.max(0, opening - 1));
  const jitter = 0.9 + 0.2 * Math.min(Math.max(random(), 0), 1);
  return Math.min(policy.maxWaitMs, Math.round(ceiling * jitter));
}

function assertPolicy(policy: BreakerPolicy): void {
  const { failureThreshold, windowMs, minWaitMs, maxWaitMs, probeTimeoutMs } = policy;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
    throw new InvalidBreakerPolicyError(
      `failureThreshold must be a positive integer, got ${failureThreshold}`,
    );
  }
  if (!(windowMs >= 0) || !(minWaitMs > 0) || !(maxWaitMs >= minWaitMs) || !(probeTimeoutMs > 0)) {
    throw new InvalidBreakerPolicyError(
      `breaker needs windowMs ≥ 0, 0 < minWaitMs ≤ maxWaitMs and probeTimeoutMs > 0, got ${JSON.stringify(policy)}`,
    );
  }
}
