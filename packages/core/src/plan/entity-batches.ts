import { assertPositiveInteger } from './assert-input.ts';
import { CannotSplitError } from './plan-errors.ts';

/** Entities per Facebook insights chunk, by level (design.md providers table). */
export const INSIGHTS_BATCH_SIZE = { campaign: 50, adset: 50, ad: 100 } as const;

/** Consecutive batches of at most `size` ids, in order; `offset` is the first id's index. */
export function batchEntities<T>(ids: readonly T[], size: number): { offset: number; ids: T[] }[] {
  assertPositiveInteger('size', size);
  const batches: { offset: number; ids: T[] }[] = [];
  for (let offset = 0; offset < ids.length; offset += size) {
    batches.push({ offset, ids: ids.slice(offset, offset + size) });
  }
  return batches;
}

/**
 * Splits a batch the provider found too large ("Please reduce the amount of data") in two,
 * keeping order: the second half starts at offset + first.length. A single id cannot be split.
 */
export function halveBatch<T>(ids: readonly T[]): [T[], T[]] {
  if (ids.length <= 1) {
    throw new CannotSplitError(`a batch of ${ids.length} entities cannot be split further`);
  }
  const half = Math.ceil(ids.length / 2);
  return [ids.slice(0, half), ids.slice(half)];
}
