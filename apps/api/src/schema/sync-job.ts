import { isFinishedJobStatus } from '@tributary/core';
import { builder } from '../builder.ts';
import { listChunks } from '../data/chunks.ts';
import { listEvents } from '../data/events.ts';
import { listJobs, loadJobs } from '../data/jobs.ts';
import type { ChunkCounts, SyncJobRow } from '../data/rows.ts';
import {
  decodeCursor,
  encodeCursor,
  isTimeIdCursor,
  pageSize,
  timeIdCursor,
  toConnection,
} from '../pagination/keyset.ts';
import { computeProgress, type SyncProgress } from '../progress/compute-progress.ts';
import { requireConnection } from './connection.ts';
import {
  ChunkStatusEnum,
  SyncEventKindEnum,
  SyncJobStatusEnum,
  SyncModeEnum,
  SyncPhaseEnum,
  SyncWaitReasonEnum,
} from './enums.ts';
import { parseId } from './ids.ts';
import { ConnectionRef, SyncChunkRef, SyncEventRef, SyncJobRef } from './refs.ts';

const isIndexCursor = (v: unknown): v is number => Number.isSafeInteger(v);

const SyncProgressRef = builder.objectRef<SyncProgress>('SyncProgress').implement({
  fields: (t) => ({
    percent: t.exposeFloat('percent'),
    itemsProcessed: t.exposeInt('itemsProcessed'),
    itemsEstimated: t.exposeInt('itemsEstimated', { nullable: true }),
    inserted: t.exposeInt('inserted'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    deleted: t.exposeInt('deleted'),
    events: t.exposeInt('events'),
    skipped: t.exposeInt('skipped'),
    etaSeconds: t.exposeFloat('etaSeconds', {
      nullable: true,
      description: 'Seconds left, known waits included; null until a few seconds of rate exist.',
    }),
    finishesAt: t.expose('finishesAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the job is expected to finish (now + etaSeconds).',
    }),
    waitingUntil: t.expose('waitingUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'Nothing is read before this: every open chunk waits (see waitReason).',
    }),
    waitReason: t.field({
      type: SyncWaitReasonEnum,
      nullable: true,
      resolve: (p) => p.waitReason,
    }),
    throughputPerSecond: t.exposeFloat('throughputPerSecond', { nullable: true }),
    currentActivity: t.exposeString('currentActivity', { nullable: true }),
    currentItemLabel: t.exposeString('currentItemLabel', { nullable: true }),
  }),
});

const ChunkCountsRef = builder.objectRef<ChunkCounts>('ChunkCounts').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    pending: t.exposeInt('PENDING'),
    running: t.exposeInt('RUNNING'),
    rateLimited: t.exposeInt('RATE_LIMITED'),
    succeeded: t.exposeInt('SUCCEEDED'),
    failed: t.exposeInt('FAILED'),
    cancelled: t.exposeInt('CANCELLED'),
  }),
});

async function countsOf(
  job: SyncJobRow,
  ctx: { loaders: { chunkCounts: { load(id: string): Promise<ChunkCounts | null> } } },
) {
  return job.chunkCounts ?? (await ctx.loaders.chunkCounts.load(job.id))!;
}

builder.node(SyncJobRef, {
  description: 'One phase of a sync of one connection (INITIAL runs RECENT, then HISTORICAL).',
  id: { resolve: (j) => j.id },
  loadOne: (id, ctx) => ctx.loaders.job.load(id),
  fields: (t) => ({
    connection: t.field({
      type: ConnectionRef,
      resolve: async (j, _args, ctx) => (await ctx.loaders.connection.load(j.connectionId))!,
    }),
    mode: t.field({ type: SyncModeEnum, resolve: (j) => j.mode }),
    phase: t.field({ type: SyncPhaseEnum, resolve: (j) => j.phase }),
    status: t.field({ type: SyncJobStatusEnum, resolve: (j) => j.status }),
    progress: t.field({
      type: SyncProgressRef,
      resolve: async (j, _args, ctx) => {
        // History's ETA, until it has a rate of its own, is projected from the recent phase.
        const projects =
          j.phase === 'HISTORICAL' && j.previousPhaseId && !isFinishedJobStatus(j.status);
        const [counts, previous, connection] = await Promise.all([
          countsOf(j, ctx),
          projects ? ctx.loaders.job.load(j.previousPhaseId!) : null,
          projects ? ctx.loaders.connection.load(j.connectionId) : null,
        ]);
        const progress = computeProgress(j, counts, new Date(), {
          previous,
          accountCreatedAt: connection?.accountCreatedAt ?? null,
        });
        const floors = ctx.services.percentFloors;
        if (j.status === 'SUCCEEDED') {
          floors.forget(j.id);
          return progress;
        }
        // Within a phase, percent never goes backwards (a cancelled or failed job keeps it).
        progress.percent = await floors.hold(j, progress.percent);
        if (isFinishedJobStatus(j.status)) floors.forget(j.id);
        return progress;
      },
    }),
    chunkCounts: t.field({ type: ChunkCountsRef, resolve: (j, _args, ctx) => countsOf(j, ctx) }),
    chunks: t.connection(
      {
        type: SyncChunkRef,
        description: 'The job’s chunks in planning order; pages of up to 500 (default 50).',
        args: { status: t.arg({ type: [ChunkStatusEnum] }) },
        resolve: async (j, args, ctx) => {
          const size = pageSize(args, { defaultSize: 50, max: 500 });
          const after = decodeCursor(args.after, isIndexCursor);
          const statuses = args.status?.length ? args.status : null;
          const rows = await listChunks(
            ctx.services.pool,
            { jobId: j.id, statuses },
            { afterIndex: after, limit: size + 1 },
          );
          const totalCount = async () => {
            const counts = await countsOf(j, ctx);
            return statuses ? statuses.reduce((sum, s) => sum + counts[s], 0) : counts.total;
          };
          return {
            ...toConnection(rows, size, (c) => encodeCursor(c.index), after !== null),
            totalCount,
          };
        },
      },
      {
        name: 'SyncChunkConnection',
        fields: (t) => ({
          totalCount: t.int({
            description: 'Chunks matching `status`, on every page.',
            resolve: (connection) =>
              (connection as { totalCount: () => Promise<number> }).totalCount(),
          }),
        }),
      },
      { name: 'SyncChunkEdge' },
    ),
    events: t.connection(
      {
        type: SyncEventRef,
        description:
          'The activity log, oldest first (newestFirst: newest first, paging to older); pages of up to 500 (default 50).',
        args: {
          newestFirst: t.arg.boolean({ defaultValue: false }),
          exceptKinds: t.arg({
            type: [SyncEventKindEnum],
            description: 'Leave these kinds out (e.g. PROGRESS ticks).',
          }),
        },
        resolve: async (j, args, ctx) => {
          const size = pageSize(args, { defaultSize: 50, max: 500 });
          const after = decodeCursor(args.after, isIndexCursor);
          const rows = await listEvents(
            ctx.services.pool,
            { jobId: j.id, exceptKinds: args.exceptKinds ?? null },
            { afterId: after, limit: size + 1, newest: args.newestFirst ?? false },
          );
          return toConnection(rows, size, (e) => encodeCursor(e.id), after !== null);
        },
      },
      { name: 'SyncEventConnection' },
      { name: 'SyncEventEdge' },
    ),
    nextPhase: t.field({
      type: SyncJobRef,
      nullable: true,
      resolve: (j, _args, ctx) => ctx.loaders.nextPhase.load(j.id),
    }),
    previousPhase: t.field({
      type: SyncJobRef,
      nullable: true,
      resolve: (j, _args, ctx) =>
        j.previousPhaseId ? ctx.loaders.job.load(j.previousPhaseId) : null,
    }),
    windowStart: t.expose('windowStart', { type: 'DateTime', nullable: true }),
    windowEnd: t.expose('windowEnd', { type: 'DateTime', nullable: true }),
    streams: t.exposeStringList('streams', {
      nullable: true,
      description: 'Null: every stream of the provider.',
    }),
    retries: t.exposeInt('retries'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

builder.queryField('syncJob', (t) =>
  t.field({
    type: SyncJobRef,
    nullable: true,
    description: 'Null when the workspace has no such job.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const id = parseId('SyncJob', String(args.id));
      return id ? ctx.loaders.job.load(id) : null;
    },
  }),
);

builder.queryField('syncJobs', (t) =>
  t.connection(
    {
      type: SyncJobRef,
      description: 'Newest first; pages of up to 100 (default 20).',
      args: {
        connectionId: t.arg.id(),
        status: t.arg({ type: [SyncJobStatusEnum] }),
      },
      resolve: async (_root, args, ctx) => {
        const size = pageSize(args, { max: 100 });
        const after = decodeCursor(args.after, isTimeIdCursor);
        const connection =
          args.connectionId == null
            ? null
            : await requireConnection(ctx, String(args.connectionId));
        const rows = await listJobs(
          ctx.services.pool,
          {
            workspaceId: ctx.workspaceId,
            connectionId: connection?.id ?? null,
            statuses: args.status?.length ? args.status : null,
          },
          { after, limit: size + 1 },
        );
        for (const row of rows) ctx.loaders.job.prime(row.id, row);
        return toConnection(rows, size, timeIdCursor, after !== null);
      },
    },
    { name: 'SyncJobConnection' },
    { name: 'SyncJobEdge' },
  ),
);

/** The job as it is now (mutations must not answer from a cache filled earlier in the request). */
export async function freshJob(
  ctx: { services: { pool: import('@tributary/db').Pool }; workspaceId: string },
  id: string,
) {
  const [job] = await loadJobs(ctx.services.pool, ctx.workspaceId, [id]);
  if (!job) throw new Error(`job ${id} vanished`);
  return job;
}
