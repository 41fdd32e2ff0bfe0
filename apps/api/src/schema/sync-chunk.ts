import { builder } from '../builder.ts';
import { ChunkStatusEnum } from './enums.ts';
import { SyncChunkRef } from './refs.ts';

builder.node(SyncChunkRef, {
  description:
    'One resumable unit of a sync: a stream × window (× entity batch), with its checkpoint.',
  id: { resolve: (c) => c.id },
  // Chunks are reached through their job (already scoped); no direct lookup by id.
  loadOne: () => null,
  fields: (t) => ({
    index: t.exposeInt('index'),
    stream: t.exposeString('stream'),
    kind: t.exposeString('kind'),
    label: t.exposeString('label', { nullable: true }),
    windowStart: t.expose('windowStart', { type: 'DateTime', nullable: true }),
    windowEnd: t.expose('windowEnd', { type: 'DateTime', nullable: true }),
    entityCount: t.exposeInt('entityCount'),
    status: t.field({ type: ChunkStatusEnum, resolve: (c) => c.status }),
    attempts: t.exposeInt('attempts'),
    maxAttempts: t.exposeInt('maxAttempts'),
    hasCheckpoint: t.exposeBoolean('hasCheckpoint', {
      description: 'A retry resumes from a committed page.',
    }),
    runAfter: t.expose('runAfter', { type: 'DateTime', nullable: true }),
    resumesAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When a waiting chunk runs again (rate limit, provider outage or retry backoff); null when it is not waiting.',
      resolve: (c) =>
        (c.status === 'RATE_LIMITED' || c.status === 'PENDING') &&
        c.runAfter &&
        c.runAfter.getTime() > Date.now()
          ? c.runAfter
          : null,
    }),
    waitingFor: t.string({
      nullable: true,
      description:
        'Why a waiting chunk waits: PROVIDER_UNAVAILABLE (outage parking), RATE_LIMIT or RETRY.',
      resolve: (c) => {
        if (!c.runAfter || c.runAfter.getTime() <= Date.now()) return null;
        if (c.status === 'RATE_LIMITED') {
          return c.lastErrorCode === 'PROVIDER_UNAVAILABLE' ? 'PROVIDER_UNAVAILABLE' : 'RATE_LIMIT';
        }
        return c.status === 'PENDING' ? 'RETRY' : null;
      },
    }),
    leaseExpiresAt: t.expose('leaseExpiresAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastErrorCode: t.exposeString('lastErrorCode', { nullable: true }),
    pagesFetched: t.exposeInt('pagesFetched'),
    itemsProcessed: t.exposeInt('itemsProcessed'),
    itemsEstimated: t.exposeInt('itemsEstimated', { nullable: true }),
    inserted: t.exposeInt('inserted'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    deleted: t.exposeInt('deleted'),
    events: t.exposeInt('events'),
    skipped: t.exposeInt('skipped'),
    durationMs: t.exposeInt('durationMs'),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});
