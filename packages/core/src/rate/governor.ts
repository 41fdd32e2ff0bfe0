import type { UsageReading } from '../source/connector.ts';
import {
  type BudgetPolicy,
  DEFAULT_BLOCK_MS,
  DEFAULT_BUDGET_WINDOW_MS,
  DEFAULT_READING_SETTLE_MS,
} from './budget-policy.ts';
import {
  callsToLearnFrom,
  costPerCall,
  earliestUnderTarget,
  emptyUsageModel,
  learnFromReading,
  learnFromThrottle,
  mayProbe,
  modelPaces,
  pruneModel,
  recordSend,
  type UsageModel,
} from './usage-model.ts';

/**
 * One provider account's shared rate budget (invariant 4). JSON-serialisable: the engine keeps
 * it in a Postgres row and calls these functions under that row's lock, so every worker of
 * every process draws from the same budget.
 */
export type BudgetState = {
  /** Start of the current accounting window (windows are consecutive, `windowMs` long). */
  windowStartMs: number;
  /** Requests reserved in the current window. */
  requestsInWindow: number;
  /** Share of the budget used: the provider's latest reading, or our count for count-driven budgets. */
  percentUsed: number;
  /** No request before this (provider throttled us or said when access returns). */
  blockedUntilMs: number | null;
  /** Earliest time the next request may be sent. */
  nextSlotMs: number;
  updatedAtMs: number;
  /**
   * When `percentUsed` was last read from the provider. Optional (older rows lack it): without
   * it every reading replaces the last, with it a lower reading arriving soon after a higher
   * one (a response to an earlier request, overtaken in flight) does not lower the estimate.
   */
  percentReadAtMs?: number;
  /**
   * When the provider said its usage score would be back to zero (reset_time_duration). Past
   * it, the last reading is stale: without this, a 100% reading kept spacing requests as if
   * the account were still exhausted long after the provider had reset it.
   */
  percentResetsAtMs?: number;
  /**
   * Count-driven budgets with a burst: the theoretical arrival time of the generic cell rate
   * algorithm (GCRA). A request may go once `now ≥ burstTatMs − (burst − 1) × interval`; each
   * one moves it an interval on. Absent (older rows, or no request yet): a full burst is free.
   */
  burstTatMs?: number;
  /**
   * Percent-driven budgets: our calls by send time and what readings taught about the
   * provider's window and cost per call (usage-model.ts). Absent on older rows and before
   * the first request.
   */
  model?: UsageModel;
};

/**
 * Waits longer than this are not held: the caller reschedules and reserves again. Holding only
 * about one slot ahead means a block learned from any response applies to every later request.
 */
export const DEFAULT_MAX_HOLD_MS = 1_000;

export function initialBudgetState(nowMs: number): BudgetState {
  return {
    windowStartMs: nowMs,
    requestsInWindow: 0,
    percentUsed: 0,
    blockedUntilMs: null,
    nextSlotMs: nowMs,
    updatedAtMs: nowMs,
  };
}

export type ReserveSlotOptions = {
  /**
   * Longest wait a reservation is held for. A caller facing a longer wait gets
   * `reserved: false` and the state unchanged (but for window bookkeeping): it should
   * reschedule itself for `waitMs` and reserve again then, so that a block or reading learned
   * meanwhile still applies to it and waiting callers do not queue up probes far ahead.
   */
  maxHoldMs?: number;
};

/**
 * Reserves the caller's next request: `waitMs` is how long to wait before sending it (0 = now),
 * `state` is the budget to store. Respects blocks, never exceeds a count budget in a window,
 * and spaces requests further apart as usage approaches the stop threshold. With
 * `reserved: false` nothing was reserved (the wait is longer than `maxHoldMs`): wait `waitMs`
 * (sleep, or reschedule the chunk) and call again.
 */
export function reserveSlot(
  state: BudgetState,
  policy: BudgetPolicy,
  nowMs: number,
  { maxHoldMs = DEFAULT_MAX_HOLD_MS }: ReserveSlotOptions = {},
): { waitMs: number; state: BudgetState; reserved: boolean; callsAtSend?: number } {
  const current = rollWindow(clearExpiredBlock(state, nowMs), policy, nowMs);
  let sendAtMs = Math.max(nowMs, current.nextSlotMs, current.blockedUntilMs ?? nowMs);
  // The request goes at sendAtMs: a block or a stale percentage ending by then no longer
  // applies to it (held just before a throttle ended, it was spaced by the stale 100%:
  // "resuming in 1920 s").
  const cap = requestCap(policy);
  const burst = burstOf(policy, cap);
  if (burst) {
    // Sub-millisecond differences are the float sum of intervals, not a wait.
    const earliest = burstEarliest(current, burst, sendAtMs);
    if (earliest - sendAtMs > 0.001) sendAtMs = earliest;
  }
  // Percent-driven with a learned window and cost: the call goes once it fits under the fill
  // target, or now as a probe when the last reading is stale (mayProbe).
  let model = cap === null ? pruneModel(modelOf(current, policy), sendAtMs) : null;
  let probe = false;
  if (model && modelPaces(model)) {
    const fits = earliestUnderTarget(model, fillTarget(policy), sendAtMs) ?? sendAtMs;
    const ceiling = (fillTarget(policy) + policy.stopAtPercent) / 2;
    if (fits > sendAtMs) {
      probe = mayProbe(model, current.percentReadAtMs, current.percentUsed, ceiling, sendAtMs);
      if (!probe) sendAtMs = fits;
    }
  }
  let next = rollWindow(clearExpiredBlock(current, sendAtMs), policy, sendAtMs);
  if (cap !== null && next.requestsInWindow >= cap) {
    sendAtMs = next.windowStartMs + windowMsOf(policy);
    next = rollWindow(next, policy, sendAtMs);
  }
  const waitMs = sendAtMs - nowMs;
  if (waitMs > maxHoldMs) return { waitMs, state: current, reserved: false };
  next = { ...next, requestsInWindow: next.requestsInWindow + 1, updatedAtMs: nowMs };
  if (cap !== null) next.percentUsed = countPercent(next, policy);
  if (burst) {
    next.burstTatMs = Math.max(next.burstTatMs ?? sendAtMs, sendAtMs) + burst.intervalMs;
  }
  let callsAtSend: number | undefined;
  if (model) {
    if (probe) {
      model = { ...model, probeAtMs: sendAtMs };
      // Until its reading comes, the probe counts on the share held (no second probe on it).
      next.percentUsed += costPerCall(model) ?? 0;
    }
    next.model = recordSend(model, sendAtMs);
    callsAtSend = callsToLearnFrom(next.model, sendAtMs);
  }
  next.nextSlotMs = sendAtMs + spacingAfter(next, policy, sendAtMs);
  return { waitMs, state: next, reserved: true, callsAtSend };
}

function modelOf(state: BudgetState, policy: BudgetPolicy): UsageModel {
  return state.model ?? emptyUsageModel(windowMsOf(policy));
}

/** Percent-driven budgets with a learned cost fill to this share, short of stop. */
function fillTarget(policy: BudgetPolicy): number {
  return policy.fillToPercent ?? policy.stopAtPercent;
}

type Burst = { size: number; intervalMs: number };

/** A count budget's burst and the pace after it, (cap − burst) per window; null without one. */
function burstOf(policy: BudgetPolicy, cap: number | null): Burst | null {
  if (cap === null || !policy.burstRequests || policy.burstRequests < 1) return null;
  // At most a tenth of the cap, so the pace after a burst keeps nine tenths of the budget.
  const size = Math.max(1, Math.min(policy.burstRequests, Math.floor(cap / 10)));
  return { size, intervalMs: windowMsOf(policy) / Math.max(1, cap - size) };
}

/** When GCRA lets the next request go: a full bucket at once, then one per interval. */
function burstEarliest(state: BudgetState, burst: Burst, atMs: number): number {
  const tat = state.burstTatMs ?? atMs;
  return tat - (burst.size - 1) * burst.intervalMs;
}

/**
 * Takes a provider usage reading (response headers). At `stopAtPercent`, or when the provider
 * names a time to regain access, blocks until then (or `defaultBlockMs` when it names none).
 * A reading below the stop threshold can only bring the next slot earlier.
 */
export function applyUsage(
  state: BudgetState,
  reading: UsageReading,
  policy: BudgetPolicy,
  nowMs: number,
): BudgetState {
  const next = {
    ...rollWindow(clearExpiredBlock(state, nowMs), policy, nowMs),
    updatedAtMs: nowMs,
  };
  const reported = Number.isFinite(reading.percentUsed) ? Math.max(0, reading.percentUsed) : null;
  const countDriven = requestCap(policy) !== null;
  if (!countDriven && reported !== null) {
    next.model = learnFromReading(
      modelOf(next, policy),
      reported,
      reading.callsAtSend,
      reading.resetMs,
      windowMsOf(policy),
    );
  }
  if (reported !== null && countDriven) {
    next.percentUsed = Math.max(countPercent(next, policy), reported);
  } else if (reported !== null) {
    const settleMs = policy.readingSettleMs ?? DEFAULT_READING_SETTLE_MS;
    const heldIsRecent =
      next.percentReadAtMs !== undefined && nowMs - next.percentReadAtMs < settleMs;
    if (reported >= next.percentUsed || !heldIsRecent) {
      next.percentUsed = reported;
      next.percentReadAtMs = nowMs;
    }
  }
  if (reading.resetMs !== undefined && reading.resetMs > 0 && reported !== null) {
    next.percentResetsAtMs = nowMs + reading.resetMs;
  }
  const regainMs = reading.regainAccessMs;
  if (regainMs !== undefined && Number.isFinite(regainMs) && regainMs > 0) {
    // Access is back then: the high reading that came with this is stale from that moment.
    return blockUntil(staleAt(next, nowMs + regainMs), nowMs + regainMs);
  }
  if (reported !== null && reported >= policy.stopAtPercent) {
    // The provider's own reset time beats our guess when it sends one.
    const resetMs =
      reading.resetMs !== undefined && reading.resetMs > 0 ? reading.resetMs : undefined;
    return blockUntil(next, nowMs + (resetMs ?? defaultBlock(policy, reported)));
  }
  if (!countDriven && reported !== null && next.blockedUntilMs === null) {
    next.nextSlotMs = Math.min(next.nextSlotMs, nowMs + spacingAfter(next, policy, nowMs));
  }
  return next;
}

/** The provider throttled a request anyway (429, Graph code 4/17/32/613…): stop until it allows. */
export function applyThrottle(
  state: BudgetState,
  retryAfterMs: number,
  nowMs: number,
  policy?: BudgetPolicy,
): BudgetState {
  const waitMs = Number.isFinite(retryAfterMs) ? Math.max(0, retryAfterMs) : DEFAULT_BLOCK_MS;
  // The provider named when it takes requests again: the 100% assumed until then is not a
  // reading, and must not space requests out after it (that turned a 53 s Retry-After into
  // "resuming in 1920 s"). The next response's headers say what is really left.
  const blocked: BudgetState = {
    ...blockUntil(staleAt(state, nowMs + waitMs), nowMs + waitMs),
    percentUsed: Math.max(state.percentUsed, 100),
    updatedAtMs: nowMs,
  };
  // Our count was wrong (someone else uses the budget too): no burst when the block ends, one
  // probe and then the pace, so the waiting chunks do not all meet the limit again at once.
  const burst = policy ? burstOf(policy, requestCap(policy)) : null;
  if (burst && blocked.blockedUntilMs !== null) {
    blocked.burstTatMs = blocked.blockedUntilMs + (burst.size - 1) * burst.intervalMs;
  }
  // Percent-driven: the budget is spent at the calls we have in the window, whatever the
  // readings said; the learned cost rises to match.
  if (state.model) blocked.model = learnFromThrottle(state.model, nowMs);
  return blocked;
}

/** The percentage held is forgotten at `atMs` (see clearExpiredBlock). */
function staleAt(state: BudgetState, atMs: number): BudgetState {
  const resetsAt = state.percentResetsAtMs;
  return { ...state, percentResetsAtMs: resetsAt === undefined ? atMs : Math.max(resetsAt, atMs) };
}

/**
 * Time to keep free after a request sent at `atMs`. Count-driven: below slow-down, the minimum;
 * above it, the requests left before the stop share are spread over the time left in the window.
 * Percent-driven (the provider's window and cost per call are unknown): the spacing grows with
 * (p − slowDown) / (stop − p), so usage settles between the thresholds for any provider
 * capacity; it is capped at `defaultBlockMs`. Past stop (a block ended without a fresh
 * reading), requests are probes spaced like the block each would trigger.
 */
function spacingAfter(state: BudgetState, policy: BudgetPolicy, atMs: number): number {
  const { slowDownAtPercent: slow, stopAtPercent: stop, minSpacingMs } = policy;
  const cap = requestCap(policy);
  if (cap !== null) {
    if (countPercent(state, policy) < slow) return minSpacingMs;
    const left = cap - state.requestsInWindow;
    const timeLeftMs = state.windowStartMs + windowMsOf(policy) - atMs;
    return Math.max(minSpacingMs, left > 0 ? timeLeftMs / left : timeLeftMs);
  }
  const p = state.percentUsed;
  if (p < slow) return minSpacingMs;
  // Below stop with a learned window and cost, the model paces (reserveSlot).
  if (p < stop && modelPaces(state.model)) return minSpacingMs;
  const maxSpacingMs = Math.max(minSpacingMs, policy.defaultBlockMs ?? DEFAULT_BLOCK_MS);
  // Past stop (a block without a reset time ended, no fresh reading yet), each request is a
  // probe; space them like the block the probe would trigger.
  if (p >= stop) return Math.max(minSpacingMs, defaultBlock(policy, p));
  const paceUnitMs = policy.paceUnitMs ?? windowMsOf(policy) / 3600;
  return Math.min(maxSpacingMs, Math.max(minSpacingMs, (paceUnitMs * (p - slow)) / (stop - p)));
}

/**
 * How long to stop at or past the stop share when the provider names no time (x-app-usage
 * alone: a rolling hour, no reset figure). Each probe after a block costs budget too, so the
 * block doubles with every point past stop; never longer than the window itself. Whenever the
 * provider does name a time (estimated_time_to_regain_access, Retry-After,
 * reset_time_duration) that time is used instead and the held percentage is forgotten then.
 */
function defaultBlock(policy: BudgetPolicy, percentUsed: number): number {
  const baseMs = policy.defaultBlockMs ?? DEFAULT_BLOCK_MS;
  return Math.min(
    windowMsOf(policy),
    baseMs * 2 ** Math.max(0, percentUsed - policy.stopAtPercent),
  );
}

function rollWindow(state: BudgetState, policy: BudgetPolicy, atMs: number): BudgetState {
  const windowMs = windowMsOf(policy);
  if (atMs < state.windowStartMs + windowMs) return state;
  const windows = Math.floor((atMs - state.windowStartMs) / windowMs);
  const rolled = {
    ...state,
    windowStartMs: state.windowStartMs + windows * windowMs,
    requestsInWindow: 0,
  };
  // A count budget starts afresh; a provider's percentage covers its own rolling window.
  if (requestCap(policy) !== null) rolled.percentUsed = 0;
  return rolled;
}

function clearExpiredBlock(state: BudgetState, nowMs: number): BudgetState {
  let next = state;
  if (next.percentResetsAtMs !== undefined && next.percentResetsAtMs <= nowMs) {
    const { percentResetsAtMs: _reset, ...rest } = next;
    next = { ...rest, percentUsed: 0, nextSlotMs: Math.min(rest.nextSlotMs, nowMs) };
  }
  return next.blockedUntilMs !== null && next.blockedUntilMs <= nowMs
    ? { ...next, blockedUntilMs: null }
    : next;
}

function blockUntil(state: BudgetState, untilMs: number): BudgetState {
  const blockedUntilMs = Math.max(state.blockedUntilMs ?? untilMs, untilMs);
  return { ...state, blockedUntilMs, nextSlotMs: Math.max(state.nextSlotMs, blockedUntilMs) };
}

/** Requests allowed per window before stopping, or null for percent-driven budgets. */
function requestCap(policy: BudgetPolicy): number | null {
  if (policy.requestsPerWindow === undefined) return null;
  return Math.max(1, Math.floor((policy.requestsPerWindow * policy.stopAtPercent) / 100));
}

function countPercent(state: BudgetState, policy: BudgetPolicy): number {
  return (100 * state.requestsInWindow) / (policy.requestsPerWindow ?? 1);
}

function windowMsOf(policy: BudgetPolicy): number {
  return policy.windowMs ?? DEFAULT_BUDGET_WINDOW_MS;
}
