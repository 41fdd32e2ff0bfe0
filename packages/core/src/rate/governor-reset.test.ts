import { describe, expect, it } from 'vitest';
import { defaultBudgetPolicy } from './budget-policy.ts';
import { applyUsage, initialBudgetState, reserveSlot } from './governor.ts';

describe('a provider-reported reset time', () => {
  it('blocks until the reset at the stop threshold, then paces from a drained score', () => {
    const policy = defaultBudgetPolicy('FACEBOOK_ADS');
    let state = applyUsage(
      initialBudgetState(0),
      { key: 'k', percentUsed: 100, resetMs: 2000, raw: {} },
      policy,
      0,
    );
    const blocked = reserveSlot(state, policy, 100);
    expect(blocked.reserved).toBe(false);
    expect(blocked.waitMs).toBe(1900);
    // After the reset, the stale 100% no longer spaces requests minutes apart.
    const after = reserveSlot(state, policy, 2000);
    expect(after).toMatchObject({ reserved: true, waitMs: 0 });
    state = after.state;
    expect(reserveSlot(state, policy, 2001).waitMs).toBe(0);
  });
});
