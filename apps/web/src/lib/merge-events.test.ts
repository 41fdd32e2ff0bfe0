import { describe, expect, it } from 'vitest';
import { mergeEvents } from './merge-events.ts';

const event = (at: string, message: string) => ({
  kind: 'STATUS_CHANGED' as const,
  message,
  at,
  chunkId: null,
  resumesAt: null,
});

describe('mergeEvents', () => {
  it('keeps live events newer than the stored log, newest first', () => {
    const stored = [
      event('2026-01-10T12:00:00.000Z', 'queued'),
      event('2026-01-10T12:00:01.000Z', 'started'),
    ];
    const live = [
      event('2026-01-10T12:00:01.000Z', 'started'),
      event('2026-01-10T12:00:02.000Z', 'done'),
    ];
    expect(mergeEvents(live, stored).map((e) => e.message)).toEqual(['done', 'started', 'queued']);
  });
  it('shows live events before the first load', () => {
    expect(mergeEvents([event('2026-01-10T12:00:00.000Z', 'queued')], [])).toHaveLength(1);
  });
});
