import { describe, expect, it } from 'vitest';
import { coalesceEvents, describeRow } from './coalesce-events.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 34, s)).toISOString();
const clock = (iso: string) => iso.slice(11, 19);

describe('coalesceEvents', () => {
  it('turns a burst of waits into one row with a count, a span and when it resumes', () => {
    const burst = Array.from({ length: 64 }, (_, i) => ({
      kind: 'RATE_LIMITED',
      message: `chunk ${i}: pacing to stay within the rate budget; resuming in 5 s`,
      at: at(30 - (i % 10)),
      chunkId: `c${i}`,
      resumesAt: at(35),
    }));
    const rows = coalesceEvents([
      { kind: 'STATUS_CHANGED', message: 'Sync cancelled', at: at(40) },
      ...burst,
      { kind: 'PROGRESS', at: at(10) },
      { kind: 'STATUS_CHANGED', message: 'Started', at: at(1) },
    ]);
    expect(rows.map((r) => [r.kind, r.count])).toEqual([
      ['STATUS_CHANGED', 1],
      ['RATE_LIMITED', 64],
      ['STATUS_CHANGED', 1],
    ]);
    expect(describeRow(rows[1]!, clock)).toBe('64 chunks pacing, resuming 12:34:35');
    expect(rows[1]).toMatchObject({ from: at(21), to: at(30) });
  });

  it('counts one chunk waiting twice once, and keeps single events as they are', () => {
    const rows = coalesceEvents([
      { kind: 'RATE_LIMITED', message: 'x: the provider throttled', at: at(2), chunkId: 'a' },
      { kind: 'RATE_LIMITED', message: 'x: the provider throttled', at: at(1), chunkId: 'a' },
    ]);
    expect(describeRow(rows[0]!, clock)).toBe('1 chunk throttled by the provider');
    expect(
      describeRow(
        coalesceEvents([{ kind: 'CHUNK_FAILED', message: 'boom', at: at(1) }])[0]!,
        clock,
      ),
    ).toBe('boom');
  });

  it('keeps milestones apart, even side by side', () => {
    const rows = coalesceEvents([
      { kind: 'STATUS_CHANGED', message: 'Discovery done: 7 more chunks planned', at: at(3) },
      { kind: 'STATUS_CHANGED', message: 'Started: 3 chunks planned', at: at(2) },
    ]);
    expect(rows.map((r) => r.message)).toEqual([
      'Discovery done: 7 more chunks planned',
      'Started: 3 chunks planned',
    ]);
  });
});
