import { seededRandom } from '../plan/seeded-random.ts';
import type { BudgetPolicy } from './budget-policy.ts';
import {
  applyThrottle,
  applyUsage,
  type BudgetState,
  initialBudgetState,
  reserveSlot,
} from './governor.ts';

/**
 * A pure model of a provider budget for tests: `capacity` calls per sliding `windowMs`, like
 * Graph's usage percentage (it rises with each call and falls as calls leave the window) and
 * Microsoft's 10,000 per 10 minutes. A call at capacity is throttled with the time until
 * the oldest call leaves the window.
 */
export class SlidingWindowProvider {
  private readonly calls: number[] = [];
  accepted = 0;
  throttled = 0;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
  ) {}

  call(
    atMs: number,
  ): { ok: true; percentUsed: number; resetMs: number } | { ok: false; retryAfterMs: number } {
    while (this.calls.length > 0 && this.calls[0]! <= atMs - this.windowMs) this.calls.shift();
    if (this.calls.length >= this.capacity) {
      this.throttled++;
      return { ok: false, retryAfterMs: this.calls[0]! + this.windowMs - atMs };
    }
    this.calls.push(atMs);
    this.accepted++;
    // Back to zero once this newest call has left the window (reset_time_duration).
    return {
      ok: true,
      percentUsed: (100 * this.calls.length) / this.capacity,
      resetMs: this.windowMs,
    };
  }
}

export type SimulationOptions = {
  policy: BudgetPolicy;
  provider: SlidingWindowProvider;
  workers: number;
  durationMs: number;
  latencyMs: [min: number, max: number];
  /** Whether responses carry the usage percentage (Graph) or not (Microsoft). */
  reportsUsage: boolean;
  /** Whether usage readings carry the time until the score is back to zero (x-ad-account-usage). */
  reportsReset?: boolean;
  /** A provider that misreports that time: this figure instead of its window. */
  misreportedResetMs?: number;
  /** Readings are rounded to whole percentages, as `call_count` is. */
  wholePercents?: boolean;
  seed: number;
};

/**
 * Workers that each loop reserve → wait → call → apply the response's usage, in simulated
 * time, sharing one budget state as the engine's row does. Returns what the provider saw.
 */
export function simulateWorkers(options: SimulationOptions): {
  accepted: number;
  throttled: number;
  /** Longest wait a worker held a reservation for (rescheduled waits excluded). */
  maxWaitMs: number;
  state: BudgetState;
} {
  const { policy, provider, workers, durationMs, latencyMs, reportsUsage } = options;
  const random = seededRandom(options.seed);
  let state = initialBudgetState(0);
  let maxWaitMs = 0;
  type Step =
    | { at: number; kind: 'reserve' }
    | { at: number; kind: 'send'; callsAtSend: number | undefined }
    | {
        at: number;
        kind: 'answer';
        answer: ReturnType<SlidingWindowProvider['call']>;
        callsAtSend: number | undefined;
      };
  // Events run in time order so the provider sees calls in the order they are sent.
  const steps: Step[] = Array.from({ length: workers }, (_, i) => ({ at: i, kind: 'reserve' }));
  for (;;) {
    let worker = 0;
    for (let i = 1; i < steps.length; i++) if (steps[i]!.at < steps[worker]!.at) worker = i;
    const step = steps[worker]!;
    if (step.at >= durationMs) break;
    if (step.kind === 'reserve') {
      const slot = reserveSlot(state, policy, step.at);
      state = slot.state;
      if (slot.reserved) maxWaitMs = Math.max(maxWaitMs, slot.waitMs);
      // Not reserved: the chunk is rescheduled and asks again after the wait.
      const at = step.at + slot.waitMs;
      steps[worker] = slot.reserved
        ? { at, kind: 'send', callsAtSend: slot.callsAtSend }
        : { at, kind: 'reserve' };
    } else if (step.kind === 'send') {
      const answer = provider.call(step.at);
      const latency = latencyMs[0] + random() * (latencyMs[1] - latencyMs[0]);
      const { callsAtSend } = step;
      steps[worker] = { at: step.at + latency, kind: 'answer', answer, callsAtSend };
    } else {
      const { answer } = step;
      if (!answer.ok) state = applyThrottle(state, answer.retryAfterMs, step.at, policy);
      else if (reportsUsage) {
        const percentUsed = options.wholePercents
          ? Math.round(answer.percentUsed)
          : answer.percentUsed;
        const reading = {
          key: 'sim',
          percentUsed,
          raw: {},
          ...(step.callsAtSend === undefined ? {} : { callsAtSend: step.callsAtSend }),
          ...(options.reportsReset
            ? { resetMs: options.misreportedResetMs ?? answer.resetMs }
            : {}),
        };
        state = applyUsage(state, reading, policy, step.at);
      }
      steps[worker] = { at: step.at, kind: 'reserve' };
    }
  }
  return { accepted: provider.accepted, throttled: provider.throttled, maxWaitMs, state };
}
