import type { SyncChunk, SyncJob } from '../graphql/results.ts';

/** Builders for unit tests of the pure helpers. */

export function job(
  overrides: Partial<SyncJob> & { itemsProcessed?: number; percent?: number } = {},
): SyncJob {
  const { itemsProcessed = 0, percent = 0, ...rest } = overrides;
  return {
    id: 'job-1',
    mode: 'INITIAL',
    phase: 'RECENT',
    status: 'SUCCEEDED',
    startedAt: '2026-01-10T12:00:00.000Z',
    finishedAt: '2026-01-10T12:00:10.000Z',
    createdAt: '2026-01-10T12:00:00.000Z',
    error: null,
    connection: {
      id: 'c1',
      provider: 'FACEBOOK_ADS',
      displayName: 'Ads',
      externalAccountId: 'act_1',
    },
    progress: {
      percent,
      itemsProcessed,
      itemsEstimated: null,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      events: 0,
      skipped: 0,
      etaSeconds: null,
      finishesAt: null,
      waitingUntil: null,
      waitReason: null,
      throughputPerSecond: null,
      currentActivity: null,
      currentItemLabel: null,
    },
    chunkCounts: {
      total: 0,
      pending: 0,
      running: 0,
      rateLimited: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
    },
    nextPhase: null,
    previousPhase: null,
    ...rest,
  };
}

export function chunk(overrides: Partial<SyncChunk> = {}): SyncChunk {
  return {
    id: `chunk-${overrides.index ?? 0}`,
    index: 0,
    stream: 'campaigns',
    kind: 'window',
    label: null,
    windowStart: null,
    windowEnd: null,
    status: 'PENDING',
    attempts: 0,
    maxAttempts: 3,
    lastError: null,
    lastErrorCode: null,
    itemsProcessed: 0,
    runAfter: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}
