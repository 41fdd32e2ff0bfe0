import { describe, expect, it } from 'vitest';
import { defaultBudgetPolicy } from './budget-policy.ts';
import {
  type SimulationOptions,
  SlidingWindowProvider,
  simulateWorkers,
} from './provider-simulation.ts';

const HOUR = 3_600_000;

describe('governor against a simulated provider budget (simulated time)', () => {
  it.each([
    { capacity: 3_600, label: 'cheap calls' },
    { capacity: 200, label: 'expensive calls (0.5% each)' },
    { capacity: 20_000, label: 'a large budget' },
  ])('Graph percentages with $label: never throttled, most of the budget used', ({ capacity }) => {
    const provider = new SlidingWindowProvider(capacity, HOUR);
    const result = simulateWorkers({
      policy: defaultBudgetPolicy('FACEBOOK_ADS'),
      provider,
      workers: 4,
      durationMs: 3 * HOUR,
      latencyMs: [50, 300],
      reportsUsage: true,
      seed: 1,
    });
    expect(result.throttled).toBe(0);
    expect(result.accepted / (capacity * 3)).toBeGreaterThanOrEqual(0.7);
  });

  it('Microsoft 10,000 per 10 minutes with no usage headers: never throttled, ≥ 70% used', () => {
    const provider = new SlidingWindowProvider(10_000, 600_000);
    const result = simulateWorkers({
      policy: defaultBudgetPolicy('MICROSOFT_MAIL'),
      provider,
      workers: 4,
      durationMs: 2_400_000,
      latencyMs: [50, 300],
      reportsUsage: false,
      seed: 2,
    });
    expect(result.throttled).toBe(0);
    expect(result.accepted / 40_000).toBeGreaterThanOrEqual(0.7);
  });

  it('a provider that throttles anyway is waited out, not hammered', () => {
    // Provider budget far below what the policy assumes: only throttles teach the governor.
    const provider = new SlidingWindowProvider(100, 600_000);
    const result = simulateWorkers({
      policy: defaultBudgetPolicy('MICROSOFT_MAIL'),
      provider,
      workers: 4,
      durationMs: 1_800_000,
      latencyMs: [50, 300],
      reportsUsage: false,
      seed: 3,
    });
    expect(result.accepted).toBe(300);
    expect(result.throttled).toBeLessThanOrEqual(3 * 4);
  });
});

/**
 * A Graph budget of `capacity` calls per sliding `windowMs`, its readings in whole percents,
 * run for `windows` windows by `workers`; returns the throttles and the share of it used.
 */
function fillGraphBudget(
  capacity: number,
  windowMs: number,
  options: { workers: number; windows: number; reportsReset: boolean; seed: number } & Partial<
    Pick<SimulationOptions, 'latencyMs'>
  >,
) {
  const result = simulateWorkers({
    policy: defaultBudgetPolicy('FACEBOOK_ADS'),
    provider: new SlidingWindowProvider(capacity, windowMs),
    workers: options.workers,
    durationMs: options.windows * windowMs,
    latencyMs: options.latencyMs ?? [100, 200],
    reportsUsage: true,
    reportsReset: options.reportsReset,
    wholePercents: true,
    seed: options.seed,
  });
  return { throttled: result.throttled, used: result.accepted / (capacity * options.windows) };
}

describe('governor filling a Graph budget it learns (simulated time)', () => {
  it.each([
    { capacity: 200, windowMs: 60_000, workers: 8, label: '200 calls a minute, 8 workers' },
    { capacity: 40, windowMs: 60_000, workers: 4, label: '40 calls a minute (2.5% each)' },
    { capacity: 3_600, windowMs: HOUR, workers: 4, label: '3,600 calls an hour' },
  ])('$label: never throttled, ≥ 85% of the budget used', ({ capacity, windowMs, workers }) => {
    const result = fillGraphBudget(capacity, windowMs, {
      workers,
      windows: 5,
      reportsReset: true,
      seed: 4,
    });
    expect(result.throttled).toBe(0);
    expect(result.used).toBeGreaterThanOrEqual(0.85);
  });

  it('without reset times a one-minute budget is paced by its percentages: never throttled', () => {
    const result = fillGraphBudget(200, 60_000, {
      workers: 8,
      windows: 10,
      reportsReset: false,
      seed: 6,
    });
    expect(result.throttled).toBe(0);
    expect(result.used).toBeGreaterThanOrEqual(0.85);
  });

  it('without reset times it keeps to the policy’s hour and still never throttles', () => {
    const result = fillGraphBudget(200, HOUR, {
      workers: 8,
      windows: 3,
      reportsReset: false,
      seed: 5,
      latencyMs: [50, 300],
    });
    expect(result.throttled).toBe(0);
    expect(result.used).toBeGreaterThanOrEqual(0.85);
  });
});
