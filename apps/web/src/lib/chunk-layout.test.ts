import { describe, expect, it } from 'vitest';
import { layoutChunks } from './chunk-layout.ts';
import { chunk } from './test-fixtures.ts';

describe('layoutChunks', () => {
  it('places windowed chunks by time, one lane per stream', () => {
    const layout = layoutChunks([
      chunk({
        index: 0,
        stream: 'messages',
        windowStart: '2026-01-01T00:00:00Z',
        windowEnd: '2026-01-03T00:00:00Z',
      }),
      chunk({
        index: 1,
        stream: 'messages',
        windowStart: '2026-01-03T00:00:00Z',
        windowEnd: '2026-01-05T00:00:00Z',
      }),
      chunk({ index: 2, stream: 'mail_folders' }),
    ]);
    expect(layout.lanes).toEqual([
      { stream: 'messages', rows: 1 },
      { stream: 'mail_folders', rows: 1 },
    ]);
    const [a, b, c] = layout.bars;
    expect([a!.x, a!.width, a!.row]).toEqual([0, 0.5, 0]);
    expect([b!.x, b!.width, b!.row]).toEqual([0.5, 0.5, 0]);
    expect([c!.lane, c!.x, c!.width]).toEqual([1, 0, 1]);
  });
  it('stacks chunks over the same window into rows instead of hiding them', () => {
    const window = { windowStart: '2026-01-01T00:00:00Z', windowEnd: '2026-02-01T00:00:00Z' };
    const layout = layoutChunks([
      chunk({ index: 0, stream: 'ad_insights_daily', ...window }),
      chunk({ index: 1, stream: 'ad_insights_daily', ...window }),
      chunk({ index: 2, stream: 'ad_insights_daily', ...window }),
    ]);
    expect(layout.lanes[0]!.rows).toBe(3);
    expect(layout.bars.map((bar) => bar.row).sort()).toEqual([0, 1, 2]);
  });
  it('is empty for no chunks', () => {
    expect(layoutChunks([])).toEqual({ lanes: [], bars: [], from: null, to: null });
  });
});
