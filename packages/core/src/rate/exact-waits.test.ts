import { describe, expect, it } from 'vitest';
import { defaultBudgetPolicy } from './budget-policy.ts';
import { applyThrottle, applyUsage, initialBudgetState, reserveSlot } from './governor.ts';

const ads = defaultBudgetPolicy('FACEBOOK_ADS');
const HOLD_ALL = { maxHoldMs: Number.POSITIVE_INFINITY };

describe('rate-limited waits come from the provider’s figures', () => {
  it('a 53 s Retry-After resumes after 53 s, not "resuming in 1920 s"', () => {
    // Another client used the account's budget: the provider throttled with ~53 s to wait.
    const throttled = applyThrottle(initialBudgetState(0), 53_000, 0);
    const first = reserveSlot(throttled, ads, 1_000, HOLD_ALL);
    expect(first.waitMs).toBe(52_000);
    // The request after the probe goes right away: the assumed 100% was no reading.
    const second = reserveSlot(first.state, ads, 53_000, HOLD_ALL);
    expect(second.waitMs).toBe(0);
    const third = reserveSlot(second.state, ads, 53_001, HOLD_ALL);
    expect(third.waitMs).toBeLessThanOrEqual(1_000);
  });

  it('a slot held in the last second of a throttle is not spaced by the throttle’s 100%', () => {
    const throttled = applyThrottle(initialBudgetState(0), 53_000, 0);
    // Within the hold (1 s): reserved for the moment the throttle ends.
    const held = reserveSlot(throttled, ads, 52_500);
    expect(held).toMatchObject({ reserved: true, waitMs: 500 });
    expect(reserveSlot(held.state, ads, 53_001, HOLD_ALL).waitMs).toBeLessThanOrEqual(1_000);
  });

  it('a 100% reading with estimated_time_to_regain_access waits exactly that long', () => {
    const state = applyUsage(
      initialBudgetState(0),
      { key: 'k', percentUsed: 100, regainAccessMs: 53_000, raw: {} },
      ads,
      0,
    );
    expect(reserveSlot(state, ads, 0, HOLD_ALL).waitMs).toBe(53_000);
    const after = reserveSlot(state, ads, 53_000, HOLD_ALL);
    expect(after.waitMs).toBe(0);
    expect(reserveSlot(after.state, ads, 53_001, HOLD_ALL).waitMs).toBeLessThanOrEqual(1_000);
  });

  it('a 100% reading with a reset time waits for the reset, not a compounding default', () => {
    const state = applyUsage(
      initialBudgetState(0),
      { key: 'k', percentUsed: 100, resetMs: 60_000, raw: {} },
      ads,
      0,
    );
    expect(reserveSlot(state, ads, 0, HOLD_ALL).waitMs).toBe(60_000);
  });

  it('readings that recover free the budget at once', () => {
    let state = applyUsage(
      initialBudgetState(0),
      { key: 'k', percentUsed: 99, resetMs: 30_000, raw: {} },
      ads,
      0,
    );
    expect(reserveSlot(state, ads, 0, HOLD_ALL).waitMs).toBe(30_000);
    // The limit was lifted: the probe after the reset reads 10%, and the next request goes.
    const probe = reserveSlot(state, ads, 30_000, HOLD_ALL);
    expect(probe.waitMs).toBe(0);
    state = applyUsage(probe.state, { key: 'k', percentUsed: 10, raw: {} }, ads, 30_100);
    expect(reserveSlot(state, ads, 30_100, HOLD_ALL).waitMs).toBe(0);
  });
});
