import { builder } from '../builder.ts';
import {
  loadProblemConnections,
  loadSyncStats,
  type ProblemConnectionRow,
  type SyncStatsRow,
} from '../data/stats.ts';
import { ValidationError } from '../errors/app-error.ts';
import { ConnectionRef } from './refs.ts';

const DAY_MS = 86_400_000;

const ProblemConnectionRef = builder
  .objectRef<ProblemConnectionRow>('ProblemConnection')
  .implement({
    fields: (t) => ({
      connection: t.field({
        type: ConnectionRef,
        resolve: async (p, _args, ctx) => (await ctx.loaders.connection.load(p.connectionId))!,
      }),
      failedChunks: t.exposeInt('failedChunks'),
      failedJobs: t.exposeInt('failedJobs'),
      lastError: t.exposeString('lastError', { nullable: true }),
    }),
  });

type Stats = SyncStatsRow & { since: Date; problems: ProblemConnectionRow[] };

const SyncStatsRef = builder.objectRef<Stats>('SyncStats').implement({
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    finishedJobs: t.exposeInt('finishedJobs'),
    succeededJobs: t.exposeInt('succeededJobs'),
    failedJobs: t.exposeInt('failedJobs'),
    completedWithErrorsJobs: t.exposeInt('completedWithErrorsJobs'),
    cancelledJobs: t.exposeInt('cancelledJobs'),
    runningJobs: t.exposeInt('runningJobs'),
    successRate: t.float({
      nullable: true,
      description:
        'SUCCEEDED ÷ finished jobs (cancelled ones excluded), 0–1; null before any finished.',
      resolve: (s) => {
        const decided = s.finishedJobs - s.cancelledJobs;
        return decided > 0 ? s.succeededJobs / decided : null;
      },
    }),
    averageDurationSeconds: t.exposeFloat('averageDurationSeconds', { nullable: true }),
    averageRecordsPerSync: t.exposeFloat('averageRecordsPerSync', { nullable: true }),
    recordsProcessed: t.exposeFloat('recordsProcessed'),
    problemConnections: t.field({
      type: [ProblemConnectionRef],
      description: 'Connections with the most failed chunks, worst first (at most 10).',
      resolve: (s) => s.problems,
    }),
  }),
});

builder.queryField('syncStats', (t) =>
  t.field({
    type: SyncStatsRef,
    description: 'Sync health since `since` (default: the last 7 days).',
    args: { since: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, args, ctx) => {
      const since = args.since ?? new Date(Date.now() - 7 * DAY_MS);
      if (since.getTime() > Date.now())
        throw new ValidationError('since', 'since is in the future');
      const [row, problems] = await Promise.all([
        loadSyncStats(ctx.services.pool, ctx.workspaceId, since),
        loadProblemConnections(ctx.services.pool, ctx.workspaceId, since, 10),
      ]);
      return { ...row, since, problems };
    },
  }),
);
