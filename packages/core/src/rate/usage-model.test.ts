import { describe, expect, it } from 'vitest';
import { defaultBudgetPolicy } from './budget-policy.ts';
import {
  applyThrottle,
  applyUsage,
  type BudgetState,
  initialBudgetState,
  reserveSlot,
} from './governor.ts';
import {
  callsInWindow,
  callsToLearnFrom,
  costPerCall,
  earliestUnderTarget,
  emptyUsageModel,
  learnFromReading,
  learnFromThrottle,
  recordSend,
  type UsageModel,
} from './usage-model.ts';

const MINUTE = 60_000;
const facebook = defaultBudgetPolicy('FACEBOOK_ADS');

/** A model that has seen `calls` calls sent at `atMs`, each read back at `percentPerCall`. */
function calibrated(calls: number, percentPerCall: number, atMs = 0): UsageModel {
  let model = emptyUsageModel(MINUTE);
  for (let i = 1; i <= calls; i++) {
    model = recordSend(model, atMs);
    model = learnFromReading(model, i * percentPerCall, i, MINUTE, 3_600_000);
  }
  return model;
}

describe('usage model', () => {
  it('counts a grain’s calls until its last one has left the window and a margin, never earlier', () => {
    let model = emptyUsageModel(MINUTE);
    // A grain is 500 ms of a 60 s window: these three share one entry.
    for (const at of [1_000, 1_200, 1_400]) model = recordSend(model, at);
    model = recordSend(model, 2_000);
    expect(model.sent).toEqual([
      [1_000, 1_400, 3],
      [2_000, 2_000, 1],
    ]);
    // A call counts for its 60 s and a margin of 1 s (it reaches the provider after we send it).
    expect(callsInWindow(model, 62_000)).toBe(4);
    expect(callsInWindow(model, 62_400)).toBe(1);
    expect(callsInWindow(model, 63_000)).toBe(0);
  });

  it('trusts the cost of a call only after enough readings', () => {
    expect(costPerCall(calibrated(3, 0.5))).toBeNull();
    expect(costPerCall(calibrated(12, 0.5))).toBeCloseTo(0.5, 6);
  });

  it('lets calls go up to the target share, then when the oldest leave', () => {
    let model = calibrated(12, 0.5);
    // 92% at 0.5% a call is 184 calls; 12 are in the window already.
    for (let i = 12; i < 184; i++) model = recordSend(model, 5_000);
    expect(earliestUnderTarget(model, 92, 5_000)).toBe(MINUTE + 1_000);
    expect(earliestUnderTarget(model, 92, 61_000)).toBe(61_000);
  });

  it('a throttle at fewer calls than the model allows raises the cost to match', () => {
    const model = calibrated(12, 0.5);
    const raised = learnFromThrottle(model, 1_000);
    expect(costPerCall(raised)).toBeCloseTo(100 / 12, 6);
  });

  it('calls near the window’s edge make no sample: the provider may or may not count them', () => {
    let model = emptyUsageModel(MINUTE);
    model = recordSend(model, 0);
    model = recordSend(model, 30_000);
    expect(callsToLearnFrom(model, 30_000)).toBe(2);
    expect(callsToLearnFrom(model, 60_500)).toBeUndefined();
    expect(callsToLearnFrom(model, 61_500)).toBe(1);
  });

  it('a reset time far from the window is another budget: its cost is learned afresh', () => {
    // A one-minute test limit lifted: the account's own hourly budget answers from then on.
    const lifted = learnFromReading(calibrated(12, 2.5), 0.01, 13, 3_600_000, 3_600_000);
    expect(lifted.windowMs).toBe(3_600_000);
    expect(costPerCall(lifted)).toBeNull();
    // Readings a little shorter or longer are the same budget's.
    const same = learnFromReading(calibrated(12, 0.5), 6.5, 13, 50_000, 3_600_000);
    expect(same.windowMs).toBe(MINUTE);
    expect(costPerCall(same)).toBeCloseTo(0.5, 6);
  });

  it('readings of zero after a lifted limit fade the learned cost', () => {
    let model = learnFromThrottle(calibrated(12, 2.5), 1_000);
    expect(costPerCall(model)!).toBeGreaterThan(8);
    for (let i = 0; i < 30; i++) model = learnFromReading(model, 0, 12, MINUTE, 3_600_000);
    expect(costPerCall(model)!).toBeLessThan(0.5);
  });
});

describe('governor with the learned model', () => {
  /** Sends `count` calls as fast as the governor allows, each read back at once. */
  function send(
    state: BudgetState,
    count: number,
    nowMs: number,
    percentPerCall: number,
    /** The reading's reset_time_duration; null: the provider sends none. */
    resetMs: number | null = MINUTE,
  ) {
    const times: number[] = [];
    let next = state;
    for (let i = 0; i < count; i++) {
      const slot = reserveSlot(next, facebook, nowMs, { maxHoldMs: Number.POSITIVE_INFINITY });
      const at = nowMs + slot.waitMs;
      times.push(at);
      const percentUsed = Math.min(100, (slot.callsAtSend ?? 0) * percentPerCall);
      next = applyUsage(
        slot.state,
        {
          key: 'k',
          percentUsed,
          callsAtSend: slot.callsAtSend,
          ...(resetMs === null ? {} : { resetMs }),
          raw: {},
        },
        facebook,
        at,
      );
    }
    return { times, state: next };
  }

  it('fills a 200-a-minute budget to 92% at once, then waits for the first calls to leave', () => {
    const { times } = send(initialBudgetState(0), 190, 0, 0.5);
    // 184 calls are 92%; the blind pacing it replaces spaced calls out from 75% (150 calls).
    expect(times.filter((t) => t === 0).length).toBe(184);
    expect(Math.min(...times.slice(184))).toBeGreaterThanOrEqual(MINUTE);
  });

  it('a throttle it did not foresee lowers the fill for the calls after it', () => {
    // Another client uses half the budget: the provider throttles at 100 of our calls.
    const { state } = send(initialBudgetState(0), 100, 0, 0.5);
    const throttled = applyThrottle(state, 30_000, 1_000, facebook);
    const after = reserveSlot(throttled, facebook, 31_000, {
      maxHoldMs: Number.POSITIVE_INFINITY,
    });
    // 100 calls spend the budget: 92% of it is 92 calls, so the next waits for calls to leave.
    expect(31_000 + after.waitMs).toBeGreaterThanOrEqual(MINUTE);
  });

  it('without a reset time it does not pace by a window it would only guess', () => {
    // A Page's budget (x-app-usage, no reset_time_duration): the policy's hour is a guess, and
    // holding calls for it would stall a provider whose window is a minute.
    // Paced by the percentage instead: spaced out from 75%, the 185th call within the minute.
    const { times } = send(initialBudgetState(0), 185, 0, 0.5, null);
    expect(times[152]!).toBeGreaterThan(0);
    expect(times[184]!).toBeLessThan(MINUTE);
  });

  it('while it holds calls back, a stale reading lets a probe through, up to halfway to stop', () => {
    let { state } = send(initialBudgetState(0), 184, 0, 0.5);
    const probes: number[] = [];
    for (let at = 1_000; at < 30_000; at += 250) {
      const slot = reserveSlot(state, facebook, at);
      state = slot.state;
      if (slot.reserved && slot.waitMs === 0) probes.push(at);
    }
    // A probe a second (a sixtieth of the window) while 92% + probes stays ≤ 93.5%: three.
    expect(probes).toEqual([1_000, 2_000, 3_000]);
  });
});
