import { describe, expect, it } from 'vitest';
import { InvalidProgressInputError } from './progress-errors.ts';
import { updateThroughput } from './throughput.ts';

describe('updateThroughput', () => {
  it('rejects negative or non-finite inputs', () => {
    expect(() => updateThroughput(null, -1, 1000)).toThrow(InvalidProgressInputError);
    expect(() => updateThroughput(null, 1, Number.NaN)).toThrow(InvalidProgressInputError);
    expect(() => updateThroughput(null, 1, 1000, 0)).toThrow(InvalidProgressInputError);
  });

  it('starts from the first sample and keeps the rate when no time passed', () => {
    expect(updateThroughput(null, 50, 500)).toBe(100);
    expect(updateThroughput(42, 10, 0)).toBe(42);
    expect(updateThroughput(null, 10, 0)).toBe(0);
  });

  it('gives a sample half the weight after one half-life', () => {
    expect(updateThroughput(100, 2000, 10_000)).toBe(150);
  });

  it('weighs samples by the time they cover, not their number', () => {
    let split = 100;
    for (let i = 0; i < 10; i++) split = updateThroughput(split, 200, 1000);
    expect(split).toBeCloseTo(updateThroughput(100, 2000, 10_000), 9);
  });

  it('converges on a steady rate', () => {
    let rate = 1;
    for (let i = 0; i < 200; i++) rate = updateThroughput(rate, 30, 1000);
    expect(rate).toBeCloseTo(30, 3);
  });
});
