import { builder } from '../builder.ts';
import { NotFoundError } from '../errors/app-error.ts';
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
    description: 'Live events of one job. The first event is its current state.',
    args: { jobId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const jobId = parseId('SyncJob', String(args.jobId));
      const job = jobId ? await ctx.loaders.job.load(jobId) : null;
      if (!job) throw new NotFoundError('sync job', String(args.jobId));
      return ctx.services.hub.subscribe({ workspaceId: ctx.workspaceId, jobId: job.id });
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
