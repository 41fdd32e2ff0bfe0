import {
  cancelSync,
  resumeSync,
  retryFailedChunks,
  type SyncControlDeps,
  startSync,
} from '@tributary/db';
import { builder } from '../builder.ts';
import { listActiveConnectionIds } from '../data/connections.ts';
import type { ConnectionRow, SyncJobRow } from '../data/rows.ts';
import {
  AppError,
  InvalidStateError,
  NotFoundError,
  SyncAlreadyRunningError,
  ValidationError,
} from '../errors/app-error.ts';
import { callEngine, fromEngineError } from '../errors/from-engine-error.ts';
import { requireConnection } from './connection.ts';
import { SyncModeEnum } from './enums.ts';
import {
  COMMON_ERRORS,
  catchInto,
  ErrorInterface,
  errorValue,
  InvalidStateErrorRef,
  NotFoundErrorRef,
  sharedResultUnion,
  ValidationErrorRef,
} from './errors.ts';
import { parseId } from './ids.ts';
import { ConnectionRef, SyncJobRef } from './refs.ts';
import { freshJob } from './sync-job.ts';

const SYNC_ERRORS = [ValidationError, NotFoundError, InvalidStateError, SyncAlreadyRunningError];

const StartSyncInput = builder.inputType('StartSyncInput', {
  description:
    'What to sync. INITIAL or INCREMENTAL on a connection whose INITIAL sync did not finish (it failed, was cancelled, or ended with failed chunks) continues that INITIAL from its checkpoints — recent data first, then history — because an incremental sync on top of it would leave the history empty; the result says `continued: true`. Pass `force: true` to start the asked-for mode anyway. FULL_RESYNC, CUSTOM_RANGE and a sync of chosen `streams` always run as asked.',
  fields: (t) => ({
    connectionId: t.id({ required: true }),
    mode: t.field({ type: SyncModeEnum, required: true }),
    force: t.boolean({
      description:
        'Start this mode even though the connection’s INITIAL sync did not finish (default false: continue that INITIAL instead).',
    }),
    from: t.field({ type: 'DateTime', description: 'CUSTOM_RANGE only: start of the window.' }),
    to: t.field({ type: 'DateTime', description: 'CUSTOM_RANGE only: end of the window.' }),
    streams: t.stringList({ description: 'Streams to sync; all of the provider’s when omitted.' }),
  }),
});

const SyncAllInput = builder.inputType('SyncAllInput', {
  fields: (t) => ({
    mode: t.field({ type: SyncModeEnum, required: true }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

type JobPayload = { job: SyncJobRow };
const jobPayload = (name: string) =>
  builder.objectRef<JobPayload>(name).implement({
    fields: (t) => ({ job: t.field({ type: SyncJobRef, resolve: (r) => r.job }) }),
  });
const StartSyncSuccess = builder
  .objectRef<JobPayload & { continued: boolean }>('StartSyncSuccess')
  .implement({
    fields: (t) => ({
      job: t.field({ type: SyncJobRef, resolve: (r) => r.job }),
      continued: t.exposeBoolean('continued', {
        description:
          'True when this continued the connection’s unfinished INITIAL sync (the job is that sync’s first unfinished phase) instead of starting the mode asked for.',
      }),
    }),
  });
const SyncJobSuccess = jobPayload('SyncJobSuccess');

type SyncAllItem = { connection: ConnectionRow; job: SyncJobRow | null; error: AppError | null };
const SyncAllItemRef = builder.objectRef<SyncAllItem>('SyncAllItem').implement({
  description: 'What syncAll did for one active connection.',
  fields: (t) => ({
    connection: t.field({ type: ConnectionRef, resolve: (r) => r.connection }),
    job: t.field({
      type: SyncJobRef,
      nullable: true,
      description: 'The started job, or the one already running.',
      resolve: (r) => r.job,
    }),
    error: t.field({ type: ErrorInterface, nullable: true, resolve: (r) => r.error }),
  }),
});
const SyncAllSuccess = builder.objectRef<{ items: SyncAllItem[] }>('SyncAllSuccess').implement({
  fields: (t) => ({
    jobs: t.field({
      type: [SyncJobRef],
      description: 'The jobs started by this call.',
      resolve: (r) => r.items.filter((i) => i.job && !i.error).map((i) => i.job!),
    }),
    results: t.field({ type: [SyncAllItemRef], resolve: (r) => r.items }),
  }),
});

function deps(ctx: { services: { sync: SyncControlDeps } }): SyncControlDeps {
  return ctx.services.sync;
}

builder.mutationField('startSync', (t) =>
  t.field({
    type: StartSyncSuccess,
    errors: { union: { name: 'StartSyncResult' }, types: SYNC_ERRORS },
    args: { input: t.arg({ type: StartSyncInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const connection = await requireConnection(ctx, String(input.connectionId));
      const { job, continued } = await callEngine(() =>
        startSync(deps(ctx), {
          workspaceId: ctx.workspaceId,
          connectionId: connection.id,
          mode: input.mode,
          from: input.from ?? null,
          to: input.to ?? null,
          streams: input.streams ?? null,
          force: input.force ?? false,
        }),
      );
      return { job: await freshJob(ctx, job.id), continued };
    },
  }),
);

builder.mutationField('syncAll', (t) =>
  t.field({
    type: SyncAllSuccess,
    description: 'Starts a sync on every active connection; one result per connection.',
    errors: { union: { name: 'SyncAllResult' }, types: [ValidationError] },
    args: { input: t.arg({ type: SyncAllInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const ids = await listActiveConnectionIds(ctx.services.pool, ctx.workspaceId);
      const items: SyncAllItem[] = [];
      // One at a time: each start is a short transaction; parallel starts only contend.
      for (const id of ids) {
        const connection = (await ctx.loaders.connection.load(id))!;
        try {
          const { job } = await startSync(deps(ctx), {
            workspaceId: ctx.workspaceId,
            connectionId: id,
            mode: input.mode,
            from: input.from ?? null,
            to: input.to ?? null,
          });
          items.push({ connection, job: await freshJob(ctx, job.id), error: null });
        } catch (raw) {
          const error = fromEngineError(raw);
          if (!(error instanceof AppError)) throw error;
          // The same bad input fails on every connection: answer it once, as the whole result.
          if (error instanceof ValidationError) throw error;
          const job =
            error instanceof SyncAlreadyRunningError
              ? await ctx.loaders.job.load(error.jobId)
              : null;
          items.push({ connection, job, error: errorValue(error) });
        }
      }
      return { items };
    },
  }),
);

const JOB_CONTROL_ERRORS = [
  ...COMMON_ERRORS,
  { ref: NotFoundErrorRef, type: NotFoundError },
  { ref: InvalidStateErrorRef, type: InvalidStateError },
  { ref: ValidationErrorRef, type: ValidationError },
];
const SyncJobResult = sharedResultUnion('SyncJobResult', SyncJobSuccess, JOB_CONTROL_ERRORS);

for (const [name, control, description] of [
  [
    'cancelSync',
    cancelSync,
    'Cancels the whole sync the job belongs to: every unfinished phase of its chain (an INITIAL sync’s RECENT and HISTORICAL alike). Running chunks stop at their next page boundary, after committing that page.',
  ],
  [
    'resumeSync',
    resumeSync,
    'Continues a cancelled or failed job from its chunks’ checkpoints (one that failed while planning is planned again).',
  ],
  [
    'retryFailedChunks',
    retryFailedChunks,
    'Re-runs the FAILED chunks of a job from their checkpoints.',
  ],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: SyncJobResult,
      description,
      args: { jobId: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) =>
        catchInto(JOB_CONTROL_ERRORS, async () => {
          const jobId = parseId('SyncJob', String(args.jobId));
          if (!jobId) throw new NotFoundError('sync job', String(args.jobId));
          const { job } = await callEngine(() =>
            control(deps(ctx), { workspaceId: ctx.workspaceId, jobId }),
          );
          return { job: await freshJob(ctx, job.id) };
        }),
    }),
  );
}
