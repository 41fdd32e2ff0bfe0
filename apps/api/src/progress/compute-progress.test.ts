import { describe, expect, it } from 'vitest';
import type { ChunkCounts, SyncJobRow } from '../data/rows.ts';
import { computeProgress } from './compute-progress.ts';

type Work = ChunkCounts['work'][number];
const work = (patch: Partial<Work>): Work => ({
  kind: 'window',
  finished: false,
  discovery: false,
  chunks: 1,
  items: 0,
  pages: 0,
  bounded: 0,
  boundedItems: 0,
  bound: 0,
  shared: 0,
  sharedItems: 0,
  projected: 0,
  ...patch,
});
const counts = (
  partial: Partial<
    Record<'PENDING' | 'RUNNING' | 'RATE_LIMITED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED', number>
  >,
  extra: Partial<Pick<ChunkCounts, 'work' | 'waitUntil' | 'ready'>> = {},
): ChunkCounts => {
  const c = {
    PENDING: 0,
    RUNNING: 0,
    RATE_LIMITED: 0,
    SUCCEEDED: 0,
    FAILED: 0,
    CANCELLED: 0,
    ...partial,
  };
  return {
    ...c,
    total: Object.values(c).reduce((a, b) => a + b, 0),
    discoveryTotal: 0,
    discoveryDone: 0,
    work: [],
    waitUntil: null,
    ready: c.PENDING,
    ...extra,
  };
};
const job = (patch: Partial<SyncJobRow>) =>
  ({
    status: 'RUNNING',
    itemsProcessed: 0,
    itemsEstimated: null,
    throughputPerSecond: null,
    percentFloor: 0,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    lastProgressAt: new Date('2026-01-01T00:01:40Z'),
    currentActivity: null,
    currentItemLabel: null,
    stage: 'RUN',
    ...patch,
  }) as SyncJobRow;
const now = new Date('2026-01-01T00:01:40Z'); // 100 s after start

describe('computeProgress (API view of a job)', () => {
  it('never shows 100 % for a running job, even with every item counted', () => {
    const p = computeProgress(
      job({ itemsProcessed: 500 }),
      counts(
        { SUCCEEDED: 3, RUNNING: 1 },
        { work: [work({ finished: true, chunks: 3, items: 500 })] },
      ),
      now,
    );
    expect(p.percent).toBeLessThan(100);
  });

  it('shows 100 % for a SUCCEEDED job with nothing to plan, and no ETA once finished', () => {
    const p = computeProgress(
      job({ status: 'SUCCEEDED', throughputPerSecond: 5 }),
      counts({}),
      now,
    );
    expect(p).toMatchObject({ percent: 100, etaSeconds: null, finishesAt: null });
  });

  it('estimates the time left from the work estimate and the average rate since start', () => {
    const p = computeProgress(
      job({ itemsProcessed: 200 }),
      counts(
        { RUNNING: 1 },
        { work: [work({ items: 200, pages: 2, bounded: 1, boundedItems: 200, bound: 1000 })] },
      ),
      now,
    );
    expect(p).toMatchObject({ percent: 20, throughputPerSecond: 2, etaSeconds: 400 });
    expect(p.itemsEstimated).toBe(1000);
    expect(p.finishesAt).toEqual(new Date(now.getTime() + 400_000));
  });

  it('adds the wait every open chunk is held for, with its reason', () => {
    const until = new Date(now.getTime() + 30_000);
    const p = computeProgress(
      job({ itemsProcessed: 200, throughputPerSecond: 2 }),
      counts(
        { RATE_LIMITED: 1 },
        {
          work: [work({ items: 200, pages: 2, bounded: 1, boundedItems: 200, bound: 1000 })],
          waitUntil: { reason: 'RATE_LIMIT', until },
          ready: 0,
        },
      ),
      now,
    );
    expect(p).toMatchObject({ etaSeconds: 430, waitReason: 'RATE_LIMIT', waitingUntil: until });
  });

  it('has no ETA before any chunk knows its size', () => {
    const p = computeProgress(
      job({ itemsProcessed: 50, throughputPerSecond: 5 }),
      counts({ RUNNING: 1 }, { work: [work({ items: 50, pages: 1 })] }),
      now,
    );
    expect(p.etaSeconds).toBeNull();
  });

  it('shows a failed job with nothing read as 0 %, not as a full bar', () => {
    const p = computeProgress(
      job({ status: 'FAILED' }),
      counts({ FAILED: 2 }, { work: [work({ finished: true, chunks: 2 })] }),
      now,
    );
    expect(p.percent).toBe(0);
  });

  it('never shows 100 for a job that is still running (counts read after the row)', () => {
    const done = { work: [work({ finished: true, chunks: 4, items: 40 })] };
    const progress = computeProgress(
      job({ status: 'RUNNING' }),
      counts({ SUCCEEDED: 4 }, done),
      now,
    );
    expect(progress.percent).toBe(99);
    expect(
      computeProgress(job({ status: 'SUCCEEDED' }), counts({ SUCCEEDED: 4 }, done), now).percent,
    ).toBe(100);
  });
});

describe('computeProgress of a history phase without a rate of its own', () => {
  const DAY = 86_400_000;
  it('projects its time from the recent phase, scaled by the days it reads', () => {
    const finishedAt = new Date(now.getTime() - 1000);
    const previous = job({
      status: 'SUCCEEDED',
      startedAt: new Date(finishedAt.getTime() - 60_000),
      finishedAt,
    });
    const accountCreatedAt = new Date(finishedAt.getTime() - 360 * DAY);
    const p = computeProgress(
      job({ phase: 'HISTORICAL', status: 'RUNNING', stage: 'PLAN', startedAt: finishedAt }),
      counts({}),
      now,
      { previous, accountCreatedAt },
    );
    // 90 days took 60 s; 270 days of history, one second in.
    expect(p.etaSeconds).toBe(179);
  });
});
