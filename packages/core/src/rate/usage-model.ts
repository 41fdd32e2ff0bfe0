/**
 * A model of a percent-driven provider budget (Graph's usage headers), learned from its own
 * readings: the provider counts calls in a rolling window and reports the share used; we keep
 * our reservations by send time, learn the window from `reset_time_duration` and the share
 * one call costs from readings, and can then tell when the next call fits under a target share
 * and when the calls in the window will have left it, instead of slowing down blindly as the
 * share rises (which settled near 80% of the budget).
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("rolling one hour"
 * windows; `call_count` etc. are percentages; x-ad-account-usage `reset_time_duration` is the
 * time until the score is back to zero)
 */

/** JSON-serialisable (it lives in the budget row beside BudgetState's other fields). */
export type UsageModel = {
  /**
   * Our reservations as [first send, last send, count], oldest first, one entry per grain of
   * the window. An entry is taken to leave the window with its last call, so the model may
   * count a call for up to a grain too long, never too short.
   */
  sent: [number, number, number][];
  /** The provider's window, learned from reset times (the policy's window until one comes). */
  windowMs: number;
  /**
   * A reset time has been read: only then does the model pace. Without one the window is a
   * guess (the policy's hour), and a provider whose window is shorter would be held back for it.
   */
  windowKnown?: boolean;
  /** The last call let through as a probe while the model held calls back (see mayProbe). */
  probeAtMs?: number;
  /** Decayed sums of reported percentages and of our calls in the window at those requests. */
  percentSum: number;
  callSum: number;
};

/** Grains per window: the ledger holds at most this many entries. */
const GRAINS_PER_WINDOW = 120;
/** Weight a cost sample keeps per later sample: about the last ten readings count. */
const COST_DECAY = 0.9;
/**
 * Calls summed over samples before the cost estimate is trusted: below it a reading's
 * rounding (call_count is a whole percentage) and calls overtaken in flight dominate.
 */
const MIN_CALIBRATION_CALLS = 20;
/**
 * A call is counted a little past its window: it reaches the provider after it is reserved
 * (the budget row's write, the HTTP request), so the provider's clock starts later than ours.
 * Measured: at a 2 s window with no margin, calls sent as the oldest left met 19 of a 17-call
 * cap at the provider. A sixtieth of the window, at least 250 ms.
 */
function heldMs(model: UsageModel): number {
  return model.windowMs + marginMs(model);
}

function marginMs(model: UsageModel): number {
  return Math.max(250, model.windowMs / 60);
}

export function emptyUsageModel(windowMs: number): UsageModel {
  return { sent: [], windowMs, percentSum: 0, callSum: 0 };
}

/** Drops the calls that have left the window at `nowMs`. */
export function pruneModel(model: UsageModel, nowMs: number): UsageModel {
  const horizon = nowMs - heldMs(model);
  let drop = 0;
  while (drop < model.sent.length && model.sent[drop]![1] <= horizon) drop++;
  return drop === 0 ? model : { ...model, sent: model.sent.slice(drop) };
}

/** Our calls still in the provider's window at `atMs`. */
export function callsInWindow(model: UsageModel, atMs: number): number {
  const horizon = atMs - heldMs(model);
  let calls = 0;
  for (const [, last, count] of model.sent) if (last > horizon) calls += count;
  return calls;
}

/**
 * Our calls in the window at `atMs` as a sample of the provider's count, or undefined when
 * some were sent so close to the window's edge that the provider may or may not count them:
 * such a reading would teach a cost too low (at a 40-a-minute budget, calls just past the
 * edge made the estimate fall by a third and the next burst met the limit).
 */
export function callsToLearnFrom(model: UsageModel, atMs: number): number | undefined {
  const margin = marginMs(model);
  const surelyOut = atMs - model.windowMs - margin;
  const surelyIn = atMs - model.windowMs + margin;
  let calls = 0;
  for (const [first, last, count] of model.sent) {
    if (last <= surelyOut) continue;
    if (first <= surelyIn) return undefined;
    calls += count;
  }
  return calls;
}

/** Records a call sent at `atMs` (send times never go backwards: the governor spaces them). */
export function recordSend(model: UsageModel, atMs: number): UsageModel {
  const grainMs = model.windowMs / GRAINS_PER_WINDOW;
  const sent = model.sent.slice();
  const tail = sent[sent.length - 1];
  if (tail && atMs - tail[0] < grainMs) {
    sent[sent.length - 1] = [tail[0], Math.max(tail[1], atMs), tail[2] + 1];
  } else {
    sent.push([atMs, atMs, 1]);
  }
  return { ...model, sent };
}

/**
 * Folds in a reading: `percent` reported for a request that was sent when `callsAtSend` of our
 * calls (it included) were in the window, and the provider's reset time. Other consumers of
 * the same budget make the estimate higher, never lower: the model errs towards fewer calls.
 */
export function learnFromReading(
  model: UsageModel,
  percent: number,
  callsAtSend: number | undefined,
  resetMs: number | undefined,
  maxWindowMs: number,
): UsageModel {
  let next = model;
  if (resetMs !== undefined && resetMs > 0) {
    // The score drains fully one window after the newest call: the longest reset seen is the
    // window (a reading taken a while after the last call reports less). A reset far from it
    // (more than twice, or under half) is another budget: a limit lifted or imposed, a tier
    // changed. The cost learned for the old one does not hold, so it is learned again.
    const learned = Math.min(maxWindowMs, resetMs);
    const sameBudget =
      model.windowKnown === true && learned <= 2 * model.windowMs && learned >= model.windowMs / 2;
    if (!sameBudget) {
      next = { ...next, windowMs: learned, windowKnown: true, percentSum: 0, callSum: 0 };
    } else if (learned > model.windowMs) {
      next = { ...next, windowMs: learned };
    }
  }
  // A reading of 0 counts too: a limit lifted (another client stopped, a tier raised) shows
  // as readings far below the model's, and the cost learned from the old limit fades.
  if (callsAtSend !== undefined && callsAtSend > 0 && Number.isFinite(percent) && percent >= 0) {
    next = {
      ...next,
      percentSum: next.percentSum * COST_DECAY + percent,
      callSum: next.callSum * COST_DECAY + callsAtSend,
    };
  }
  return next;
}

/**
 * The provider throttled us with `calls` of ours in the window: the budget is spent at that
 * count, so a call costs at least 100 ÷ calls percent.
 */
export function learnFromThrottle(model: UsageModel, nowMs: number): UsageModel {
  const calls = callsInWindow(model, nowMs);
  if (calls === 0) return model;
  const floor = 100 / calls;
  const callSum = Math.max(model.callSum, MIN_CALIBRATION_CALLS);
  const cost = model.percentSum > 0 ? model.percentSum / model.callSum : 0;
  return { ...model, callSum, percentSum: callSum * Math.max(cost, floor) };
}

/**
 * Whether the model may pace: the window is known from a reset time and the cost of a call
 * from enough readings. Otherwise the governor paces by the percentage alone.
 */
export function modelPaces(model: UsageModel | undefined): model is UsageModel {
  return model?.windowKnown === true && costPerCall(model) !== null;
}

/**
 * While the model holds calls back, one call may go as a probe once the last reading is
 * older than a sixtieth of the window (1 s to 1 min) and one more call keeps the share under
 * halfway from the fill target to stop: if the provider's window is shorter than its reset
 * time said, only a fresh reading shows the calls that have left it.
 */
export function mayProbe(
  model: UsageModel,
  lastReadingAtMs: number | undefined,
  percentUsed: number,
  ceilingPercent: number,
  atMs: number,
): boolean {
  const cost = costPerCall(model);
  if (cost === null || percentUsed + cost > ceilingPercent) return false;
  const gapMs = Math.min(60_000, Math.max(1_000, model.windowMs / 60));
  const lastMs = Math.max(
    lastReadingAtMs ?? Number.NEGATIVE_INFINITY,
    model.probeAtMs ?? Number.NEGATIVE_INFINITY,
  );
  return atMs - lastMs >= gapMs;
}

/** Share of the budget one call costs, or null while too few readings have been seen. */
export function costPerCall(model: UsageModel): number | null {
  if (model.callSum < MIN_CALIBRATION_CALLS || model.percentSum <= 0) return null;
  return model.percentSum / model.callSum;
}

/**
 * Earliest time at or after `fromMs` when one more call keeps our calls in the window at or
 * under `targetPercent` of the budget; null while the cost is not yet known.
 */
export function earliestUnderTarget(
  model: UsageModel,
  targetPercent: number,
  fromMs: number,
): number | null {
  const cost = costPerCall(model);
  if (cost === null) return null;
  const cap = Math.max(1, Math.floor(targetPercent / cost));
  const horizon = fromMs - heldMs(model);
  let calls = callsInWindow(model, fromMs);
  if (calls < cap) return fromMs;
  // Calls leave in the order they were sent: find the one whose leaving makes room.
  for (const [, last, count] of model.sent) {
    if (last <= horizon) continue;
    calls -= count;
    if (calls < cap) return last + heldMs(model);
  }
  return fromMs;
}
