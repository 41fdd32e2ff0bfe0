import { describe, expect, it } from 'vitest';
import { estimateEta } from './eta.ts';
import { InvalidProgressInputError } from './progress-errors.ts';

const now = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const base = {
  now,
  itemsLeft: 1000,
  ratePerSecond: 10,
  measuredSince: ago(10_000),
  lastProgressAt: ago(500),
  wait: null,
};

describe('estimateEta', () => {
  it('divides the items left by the rate', () => {
    expect(estimateEta(base)).toMatchObject({ etaSeconds: 100, waitSeconds: 0, waitReason: null });
  });

  it('waits for a few seconds of rate before estimating', () => {
    expect(estimateEta({ ...base, measuredSince: ago(1000) }).etaSeconds).toBeNull();
    expect(estimateEta({ ...base, ratePerSecond: null }).etaSeconds).toBeNull();
    expect(estimateEta({ ...base, itemsLeft: null }).etaSeconds).toBeNull();
  });

  it('adds a known wait and names it', () => {
    const wait = { reason: 'RATE_LIMIT' as const, until: new Date(now.getTime() + 30_000) };
    expect(estimateEta({ ...base, wait, lastProgressAt: ago(60_000) })).toMatchObject({
      etaSeconds: 130,
      waitSeconds: 30,
      waitReason: 'RATE_LIMIT',
    });
    const over = { reason: 'RATE_LIMIT' as const, until: ago(1) };
    expect(estimateEta({ ...base, wait: over })).toMatchObject({
      waitSeconds: 0,
      waitReason: null,
    });
  });

  it('slows the rate while pages stop arriving without a known wait', () => {
    const stalled = estimateEta({ ...base, lastProgressAt: ago(12_000) });
    expect(stalled.ratePerSecond).toBeCloseTo(5);
    expect(stalled.etaSeconds).toBeCloseTo(200);
  });

  it('rejects a negative amount left', () => {
    expect(() => estimateEta({ ...base, itemsLeft: -1 })).toThrow(InvalidProgressInputError);
  });
});
