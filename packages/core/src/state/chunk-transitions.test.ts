import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  CHUNK_STATUSES,
  type ChunkStatus,
  canTransition,
  InvalidTransitionError,
} from './chunk-transitions.ts';

const allowed: [ChunkStatus, ChunkStatus][] = [
  ['PENDING', 'RUNNING'],
  ['PENDING', 'CANCELLED'],
  ['RUNNING', 'SUCCEEDED'],
  ['RUNNING', 'FAILED'],
  ['RUNNING', 'PENDING'],
  ['RUNNING', 'RATE_LIMITED'],
  ['RUNNING', 'CANCELLED'],
  ['RATE_LIMITED', 'RUNNING'],
  ['RATE_LIMITED', 'CANCELLED'],
  ['RATE_LIMITED', 'PENDING'],
  ['FAILED', 'PENDING'],
  ['CANCELLED', 'PENDING'],
];

describe('chunk transitions', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of CHUNK_STATUSES) {
      for (const to of CHUNK_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('throws a typed error naming both ends of a forbidden transition', () => {
    expect(() => assertTransition('SUCCEEDED', 'RUNNING')).toThrow(InvalidTransitionError);
    try {
      assertTransition('PENDING', 'SUCCEEDED');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION', from: 'PENDING', to: 'SUCCEEDED' });
    }
    expect(() => assertTransition('FAILED', 'PENDING')).not.toThrow();
  });
});
