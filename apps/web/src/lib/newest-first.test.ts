import { describe, expect, it } from 'vitest';
import type { SyncRecord } from '../graphql/results.ts';
import { newestFirst } from './newest-first.ts';

const record = (externalId: string, modifiedAt: string): SyncRecord => ({
  id: externalId,
  externalId,
  stream: 'messages',
  data: {},
  modifiedAt,
  deletedAt: null,
});

describe('newestFirst', () => {
  it('orders by modification time, newest first, then by id', () => {
    const sorted = newestFirst([
      record('b', '2026-01-01T00:00:00Z'),
      record('c', '2026-01-03T00:00:00Z'),
      record('a', '2026-01-01T00:00:00Z'),
    ]);
    expect(sorted.map((r) => r.externalId)).toEqual(['c', 'a', 'b']);
  });
});
