import { describe, expect, it } from 'vitest';
import { batchEntities, halveBatch, INSIGHTS_BATCH_SIZE } from './entity-batches.ts';
import { CannotSplitError, InvalidPlanInputError } from './plan-errors.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('batchEntities', () => {
  it('rejects a size that is not a positive integer', () => {
    expect(() => batchEntities(ids(3), 0)).toThrow(InvalidPlanInputError);
    expect(() => batchEntities(ids(3), 1.5)).toThrow(InvalidPlanInputError);
  });

  it('returns nothing for no entities', () => {
    expect(batchEntities([], 50)).toEqual([]);
  });

  it('covers every id once, in order, with offsets', () => {
    const all = ids(351);
    const batches = batchEntities(all, INSIGHTS_BATCH_SIZE.campaign);
    expect(batches.map((b) => [b.offset, b.ids.length])).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
      [150, 50],
      [200, 50],
      [250, 50],
      [300, 50],
      [350, 1],
    ]);
    expect(batches.flatMap((b) => b.ids)).toEqual(all);
  });
});

describe('halveBatch', () => {
  it('cannot split a single entity', () => {
    expect(() => halveBatch(['c1'])).toThrow(CannotSplitError);
    expect(() => halveBatch([])).toThrow(CannotSplitError);
  });

  it('splits in order, first half no smaller', () => {
    expect(halveBatch(ids(5))).toEqual([
      ['c1', 'c2', 'c3'],
      ['c4', 'c5'],
    ]);
    expect(halveBatch(ids(2))).toEqual([['c1'], ['c2']]);
  });
});
