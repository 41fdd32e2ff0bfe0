import { builder } from '../builder.ts';
import { nextPhaseId } from '../data/jobs.ts';
import { NotFoundError } from '../errors/app-error.ts';
import { followJob } from '../events/follow-job.ts';
import { SyncEventKindEnum } from './enums.ts';
import { globalId, parseId } from './ids.ts';
import { SyncJobRef, SyncProgressEventRef } from './refs.ts';

SyncProgressEventRef.implement({
  description: 'Something happened to a sync; `job` is its state right after.',
  fields: (t) => ({
    job: t.field({ type: SyncJobRef, resolve: (e) => e.job }),
    kind: t.field({ type: SyncEventKindEnum, resolve: (e) => e.kind as never }),
    message: t.exposeString('message', { nullable: true }),
    chunkId: t.id({
      nullable: true,
      resolve: (e) => (e.chunkId ? globalId('SyncChunk', e.chunkId) : null),
    }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.subscriptionField('syncProgress', (t) =>
  t.field({
    type: SyncProgressEventRef,
    description:
      'Live events of one job. The first event is its current state; the subscription completes after the job’s final event (PHASE_COMPLETED when it succeeded, STATUS_CHANGED when it failed or was cancelled), or right after the first event when the job had already finished. With `followPhases`, it goes on with the phase that follows (an INITIAL sync’s HISTORICAL after RECENT) and completes after the last phase.',
    args: {
      jobId: t.arg.id({ required: true }),
      // Described in the field's description: an argument description would split the
      // contract line `syncProgress(jobId: ID!, …)` over several lines of schema.graphql.
      followPhases: t.arg.boolean(),
    },
    subscribe: async (_root, args, ctx) => {
      const jobId = parseId('SyncJob', String(args.jobId));
      const job = jobId ? await ctx.loaders.job.load(jobId) : null;
      if (!job) throw new NotFoundError('sync job', String(args.jobId));
      const { pool, hub } = ctx.services;
      return followJob(
        hub,
        { workspaceId: ctx.workspaceId, jobId: job.id },
        args.followPhases ? (id) => nextPhaseId(pool, id) : null,
      );
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('syncActivity', (t) =>
  t.field({
    type: SyncProgressEventRef,
    description:
      'Live events of every job of the workspace; starts with each unfinished job’s state.',
    subscribe: (_root, _args, ctx) => ctx.services.hub.subscribe({ workspaceId: ctx.workspaceId }),
    resolve: (event) => event,
  }),
);
