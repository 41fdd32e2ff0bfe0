/**
 * Names for the parts of operation results the dashboard passes between components. The shapes
 * come from src/generated/graphql.ts (codegen over apps/api/schema.graphql and the documents in
 * this folder, `pnpm generate`), so a field the API renames fails typecheck here.
 */
import type {
  ActiveJobsQuery,
  ConnectionsQuery,
  JobQuery,
  RecordsQuery,
  SyncActivitySubscription,
} from '../generated/graphql.ts';

type NodeOf<T extends { edges: ReadonlyArray<{ node: unknown }> }> = T['edges'][number]['node'];
type JobDetail = NonNullable<JobQuery['syncJob']>;

/** A job as JOB_FIELDS selects it (every job list, mutation payload and activity event). */
export type SyncJob = NodeOf<ActiveJobsQuery['syncJobs']>;
export type SyncProgress = SyncJob['progress'];
/** A connection as CONNECTION_FIELDS selects it. */
export type Connection = NodeOf<ConnectionsQuery['connections']>;
export type SyncChunk = NodeOf<JobDetail['chunks']>;
export type SyncEvent = NodeOf<JobDetail['events']>;
/** An event with its job, as both subscriptions (syncActivity, syncProgress) deliver it. */
export type SyncProgressEvent = SyncActivitySubscription['syncActivity'];
export type SyncRecord = NodeOf<RecordsQuery['records']>;
