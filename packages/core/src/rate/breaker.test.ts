import { describe, expect, it } from 'vitest';
import {
  admitRequest,
  type BreakerPolicy,
  breakerAvailability,
  CLOSED_BREAKER,
  DEFAULT_BREAKER_POLICY,
  InvalidBreakerPolicyError,
  outageWait,
  recordFailure,
  recordSuccess,
} from './breaker.ts';

const policy: BreakerPolicy = {
  failureThreshold: 3,
  windowMs: 10_000,
  minWaitMs: 1_000,
  maxWaitMs: 1_800_000,
  probeTimeoutMs: 5_000,
};
const half = () => 0.5; // no jitter

function fail(state = CLOSED_BREAKER, nowMs = 0) {
  return recordFailure(state, policy, nowMs, 'HTTP 503', half);
}

describe('the provider breaker', () => {
  it('by default opens on one chunk failing attempt after attempt, 30 s apart, with no success between', () => {
    // Seen in the long chaos run: the only chunk left met a 60 s outage with attempts ~30 s
    // apart; a 30 s window never saw three together, and the chunk used up its attempts.
    let result = recordFailure(CLOSED_BREAKER, DEFAULT_BREAKER_POLICY, 0, 'HTTP 500', half);
    result = recordFailure(result.state, DEFAULT_BREAKER_POLICY, 30_300, 'HTTP 500', half);
    result = recordFailure(result.state, DEFAULT_BREAKER_POLICY, 60_800, 'HTTP 500', half);
    expect(result.opened).toBe(true);
  });

  it('stays closed for scattered failures and opens on several close together', () => {
    let result = fail(CLOSED_BREAKER, 0);
    result = fail(result.state, 20_000); // outside the window: counts afresh
    result = fail(result.state, 21_000);
    expect(result).toMatchObject({ opened: false, parkUntilMs: null });
    expect(admitRequest(result.state, policy, 21_000).admitted).toBe(true);
    result = fail(result.state, 22_000);
    expect(result).toMatchObject({ opened: true, parkUntilMs: 23_000 });
    expect(breakerAvailability(result.state, 22_500)).toEqual({
      state: 'UNAVAILABLE',
      retryAtMs: 23_000,
      reason: 'HTTP 503',
    });
  });

  it('a success closes it and forgets the failures', () => {
    let state = fail(fail().state).state;
    state = recordSuccess(state);
    expect(state).toEqual(CLOSED_BREAKER);
    expect(fail(state).opened).toBe(false);
  });

  it('holds every caller while open, then lets exactly one probe through', () => {
    const open = fail(fail(fail().state).state).state;
    expect(admitRequest(open, policy, 500)).toMatchObject({ admitted: false, waitMs: 500 });
    const probe = admitRequest(open, policy, 1_000);
    expect(probe).toMatchObject({ admitted: true, probe: true });
    const other = admitRequest(probe.state, policy, 1_200);
    expect(other).toMatchObject({ admitted: false, waitMs: 4_800 });
    expect(breakerAvailability(probe.state, 1_200).state).toBe('PROBING');
    // The probe's answer never came: another caller probes once its time is up.
    expect(admitRequest(probe.state, policy, 6_000)).toMatchObject({ admitted: true, probe: true });
  });

  it('a failed probe opens it again for twice as long; a good one closes it', () => {
    let state = fail(fail(fail().state).state).state;
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 4; i++) {
      now = state.retryAtMs!;
      state = admitRequest(state, policy, now).state;
      const result = recordFailure(state, policy, now, 'timeout', half);
      expect(result.opened).toBe(true);
      waits.push(result.parkUntilMs! - now);
      state = result.state;
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000]);
    now = state.retryAtMs!;
    state = admitRequest(state, policy, now).state;
    expect(recordSuccess(state)).toEqual(CLOSED_BREAKER);
  });

  it('a failure answering a request sent before it opened parks without re-opening', () => {
    const open = fail(fail(fail().state).state).state;
    const late = recordFailure(open, policy, 300, 'reset', half);
    expect(late).toMatchObject({ opened: false, parkUntilMs: open.retryAtMs });
    expect(late.state.openings).toBe(open.openings);
  });

  it('grows waits from seconds to the cap (at least 30 minutes by default), with jitter', () => {
    expect(outageWait(policy, 1, half)).toBe(1_000);
    expect(outageWait(policy, 30, half)).toBe(1_800_000);
    expect(outageWait(policy, 1, () => 0)).toBe(900);
    expect(outageWait(policy, 1, () => 1)).toBe(1_100);
    expect(outageWait(policy, 40, () => 1)).toBe(1_800_000);
  });

  it('refuses a policy that could never open or never wait', () => {
    expect(() => recordFailure(CLOSED_BREAKER, { ...policy, failureThreshold: 0 }, 0, 'x')).toThrow(
      InvalidBreakerPolicyError,
    );
    expect(() => outageWait({ ...policy, minWaitMs: 0 }, 1)).toThrow(InvalidBreakerPolicyError);
  });
});
