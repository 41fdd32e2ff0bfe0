import { describe, expect, it } from 'vitest';
import { seededRandom } from '../plan/seeded-random.ts';
import type { UsageReading } from '../source/connector.ts';
import { type BudgetPolicy, defaultBudgetPolicy } from './budget-policy.ts';
import {
  applyThrottle,
  applyUsage,
  type BudgetState,
  initialBudgetState,
  reserveSlot,
} from './governor.ts';

const facebook = defaultBudgetPolicy('FACEBOOK_ADS');
const mail = defaultBudgetPolicy('MICROSOFT_MAIL');
const reading = (percentUsed: number, regainAccessMs?: number): UsageReading => ({
  key: 'FACEBOOK_ADS:act_1001',
  percentUsed,
  regainAccessMs,
  raw: {},
});

/** Reserves at `nowMs` and returns when the request may go out. */
function sendTime(state: BudgetState, policy: BudgetPolicy, nowMs: number) {
  const slot = reserveSlot(state, policy, nowMs, { maxHoldMs: Number.POSITIVE_INFINITY });
  return { at: nowMs + slot.waitMs, state: slot.state };
}

describe('defaultBudgetPolicy', () => {
  it('drives Facebook by percentages and Microsoft by 10,000 requests per 10 minutes', () => {
    for (const provider of ['FACEBOOK_ADS', 'FACEBOOK_PAGES'] as const) {
      expect(defaultBudgetPolicy(provider)).toMatchObject({
        provider,
        slowDownAtPercent: 75,
        stopAtPercent: 95,
      });
      expect(defaultBudgetPolicy(provider).requestsPerWindow).toBeUndefined();
    }
    expect(mail).toMatchObject({
      requestsPerWindow: 10_000,
      windowMs: 600_000,
      burstRequests: 500,
    });
  });
});

describe('reserveSlot', () => {
  it('lets the first request go now and survives a JSON round trip', () => {
    const slot = reserveSlot(initialBudgetState(1000), facebook, 1000);
    expect(slot).toMatchObject({ waitMs: 0, reserved: true });
    expect(JSON.parse(JSON.stringify(slot.state))).toEqual(slot.state);
  });

  it('waits out a block, and does not hold a wait longer than maxHoldMs', () => {
    const blocked = applyThrottle(initialBudgetState(0), 5_000, 0);
    const long = reserveSlot(blocked, facebook, 1_000);
    expect(long).toMatchObject({ waitMs: 4_000, reserved: false });
    expect(long.state.requestsInWindow).toBe(0);
    const short = reserveSlot(blocked, facebook, 4_500);
    expect(short).toMatchObject({ waitMs: 500, reserved: true });
    expect(reserveSlot(short.state, facebook, 6_000).state.blockedUntilMs).toBeNull();
  });

  it('sends a count budget’s burst at once, then (cap − burst) per window', () => {
    let state = initialBudgetState(0);
    const times: number[] = [];
    for (let i = 0; i < 503; i++) {
      const sent = sendTime(state, mail, 0);
      state = sent.state;
      times.push(sent.at);
    }
    // 9,500 of 10,000 may be used; 500 at once, the 9,000 others 600 s / 9,000 apart.
    const interval = 600_000 / 9_000;
    expect(times.slice(0, 500)).toEqual(Array(500).fill(0));
    expect(times.slice(500).map((at) => at / interval)).toEqual([
      expect.closeTo(1, 6),
      expect.closeTo(2, 6),
      expect.closeTo(3, 6),
    ]);
    // Idle, the bucket fills again: ten seconds later the next request goes at once.
    expect(sendTime(state, mail, 10_000).at).toBe(10_000);
  });

  it('after a throttle, sends one probe when the block ends and then paces, no burst', () => {
    let state = initialBudgetState(0);
    for (let i = 0; i < 3; i++) state = sendTime(state, mail, 0).state;
    state = applyThrottle(state, 5_000, 100, mail);
    const interval = 600_000 / 9_000;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = sendTime(state, mail, 200);
      state = sent.state;
      times.push(sent.at);
    }
    expect(times.map((at) => (at - 5_100) / interval)).toEqual([
      expect.closeTo(0, 6),
      expect.closeTo(1, 6),
      expect.closeTo(2, 6),
    ]);
  });

  it('spreads the rest of a count budget over the time left once past slow-down', () => {
    const policy: BudgetPolicy = {
      ...mail,
      requestsPerWindow: 100,
      windowMs: 10_000,
      minSpacingMs: 0,
      burstRequests: undefined,
    };
    let state = initialBudgetState(0);
    for (let i = 0; i < 75; i++) state = sendTime(state, policy, 0).state;
    // 75 of 100 used at t=0; 95 may be used, so the 20 left share the 10 s left.
    expect(state.nextSlotMs).toBe(10_000 / 20);
  });

  it('never exceeds the count budget in any window, for random arrivals', () => {
    const random = seededRandom(5);
    const policy: BudgetPolicy = {
      ...mail,
      requestsPerWindow: 50,
      windowMs: 1_000,
      minSpacingMs: 0,
    };
    let state = initialBudgetState(0);
    const sent: number[] = [];
    let nowMs = 0;
    for (let i = 0; i < 2_000; i++) {
      nowMs += random() * 15;
      const slot = reserveSlot(state, policy, nowMs);
      state = slot.state;
      if (slot.reserved) sent.push(nowMs + slot.waitMs);
    }
    const perWindow = new Map<number, number>();
    for (const at of sent) {
      const window = Math.floor(at / 1_000);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(50);
    expect(sent.length).toBeGreaterThan(0.8 * 47 * (nowMs / 1_000));
  });

  it('keeps Microsoft under 10,000 in every sliding 10 minutes, wherever the window starts', () => {
    let state = initialBudgetState(0);
    const sent: number[] = [];
    let nowMs = 0;
    while (nowMs < 1_800_000) {
      const slot = reserveSlot(state, mail, nowMs);
      state = slot.state;
      if (slot.reserved) sent.push(nowMs + slot.waitMs);
      nowMs += slot.reserved ? 10 : slot.waitMs;
    }
    let first = 0;
    for (let last = 0; last < sent.length; last++) {
      while (sent[first]! <= sent[last]! - 600_000) first++;
      expect(last - first + 1).toBeLessThanOrEqual(10_000);
    }
  });

  it('spaces percent-driven requests more as usage nears stop', () => {
    const spacingAt = (percent: number) => {
      const state = applyUsage(initialBudgetState(0), reading(percent), facebook, 0);
      const first = sendTime(state, facebook, 0);
      return sendTime(first.state, facebook, 0).at - first.at;
    };
    expect(spacingAt(50)).toBe(0);
    expect(spacingAt(80)).toBeCloseTo(1000 / 3);
    expect(spacingAt(85)).toBe(1000);
    expect(spacingAt(94)).toBe(19_000);
    expect(spacingAt(94.9)).toBe(60_000);
  });
});

describe('applyUsage', () => {
  it('ignores a reading that is not a number', () => {
    const state = applyUsage(initialBudgetState(0), reading(80), facebook, 0);
    expect(applyUsage(state, reading(Number.NaN), facebook, 5_000).percentUsed).toBe(80);
  });

  it('blocks until the provider says access returns', () => {
    const state = applyUsage(initialBudgetState(0), reading(40, 90_000), facebook, 1_000);
    expect(state.blockedUntilMs).toBe(91_000);
    expect(reserveSlot(state, facebook, 1_000)).toMatchObject({ waitMs: 90_000, reserved: false });
  });

  it('stops at the stop share with a conservative default that grows past it', () => {
    expect(applyUsage(initialBudgetState(0), reading(95), facebook, 0).blockedUntilMs).toBe(60_000);
    expect(applyUsage(initialBudgetState(0), reading(97), facebook, 0).blockedUntilMs).toBe(
      240_000,
    );
    expect(applyUsage(initialBudgetState(0), reading(200), facebook, 0).blockedUntilMs).toBe(
      3_600_000,
    );
    expect(applyUsage(initialBudgetState(0), reading(94), facebook, 0).blockedUntilMs).toBeNull();
  });

  it('does not let a late answer to an earlier request lower usage, but believes a later one', () => {
    let state = applyUsage(initialBudgetState(0), reading(90), facebook, 1_000);
    state = applyUsage(state, reading(70), facebook, 1_500);
    expect(state.percentUsed).toBe(90);
    state = applyUsage(state, reading(70), facebook, 3_500);
    expect(state.percentUsed).toBe(70);
  });

  it('frees pacing when usage falls below slow-down', () => {
    let state = applyUsage(initialBudgetState(0), reading(94), facebook, 0);
    state = sendTime(state, facebook, 0).state;
    expect(state.nextSlotMs).toBe(19_000);
    state = applyUsage(state, reading(30), facebook, 5_000);
    expect(state.nextSlotMs).toBe(5_000);
  });

  it('raises a count-driven share with the provider reading but never below our count', () => {
    let state = initialBudgetState(0);
    for (let i = 0; i < 100; i++) state = sendTime(state, mail, 0).state;
    expect(applyUsage(state, reading(0), mail, 0).percentUsed).toBe(1);
    expect(applyUsage(state, reading(50), mail, 0).percentUsed).toBe(50);
  });
});

describe('applyThrottle', () => {
  it('blocks for retry-after, keeping a longer block', () => {
    const state = applyThrottle(initialBudgetState(0), 10_000, 0);
    expect(state).toMatchObject({ blockedUntilMs: 10_000, percentUsed: 100 });
    expect(applyThrottle(state, 1_000, 1_000).blockedUntilMs).toBe(10_000);
    expect(applyThrottle(state, Number.NaN, 1_000).blockedUntilMs).toBe(61_000);
  });
});
