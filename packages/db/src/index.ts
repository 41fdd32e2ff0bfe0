export {
  type AuditEventRow,
  listAuditEvents,
  recordAuditEvent,
} from './audit/audit-events.ts';
export * from './auth/index.ts';
export { ConfigError } from './config-error.ts';
export {
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from './embedded/start-embedded-postgres.ts';
export { type DbEnv, parseDatabaseUrl, readDbEnv } from './env.ts';
export { findFreePort, isPortInUse } from './free-port.ts';
export { type Migration, readMigrations } from './migrate/read-migrations.ts';
export { MigrationError, type MigrationResult, runMigrations } from './migrate/run-migrations.ts';
export { type OpenDatabase, openDatabase } from './open-database.ts';
export {
  createPool,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type Queryable,
  withTransaction,
} from './pool.ts';
export { createPrisma, type Db, type PrismaClient } from './prisma.ts';
export { createQueue, type Queue } from './queue/create-queue.ts';
export type {
  QueueName,
  QueuePayloads,
  QueueSender,
  QueueTransaction,
  SendOptions,
} from './queue/queues.ts';
export { QUEUE_NAMES } from './queue/queues.ts';
export * from './secrets/index.ts';
export { DEMO_WORKSPACE_ID, seedDemoWorkspace } from './seed/demo.ts';
export { type AdvanceResult, advanceJob } from './sql/advance-job.ts';
export { type ClaimedChunk, type ConnectionRow, LeaseLostError } from './sql/chunk-row.ts';
export {
  type ClaimResult,
  type ClaimTarget,
  type ConnectionLimit,
  claimChunk,
  renewLease,
} from './sql/claim-chunk.ts';
export { commitPage, type PageCommit, type PageCommitResult } from './sql/commit-page.ts';
export {
  markConnectionDeleted,
  PURGE_BATCH,
  purgeDeletedConnection,
} from './sql/delete-connection.ts';
export { deleteConnectionRow } from './sql/delete-connection-row.ts';
export { enqueueChunks } from './sql/enqueue-chunks.ts';
export { type MetricsSnapshot, readMetricsSnapshot } from './sql/metrics-snapshot.ts';
export { nextChunkOf } from './sql/next-chunk.ts';
export {
  notifySyncEvent,
  recordEvent,
  SYNC_EVENTS_CHANNEL,
  type SyncEventInput,
  type SyncEventKind,
} from './sql/record-event.ts';
export { type RecoveredChunk, recoverExpiredLeases } from './sql/recover-leases.ts';
export { type ChunkRelease, type ReleasedChunk, releaseChunk } from './sql/release-chunk.ts';
export { registerSyncGauges } from './sql/sync-gauges.ts';
export { type RecordInput, type UpsertCounts, upsertRecords } from './sql/upsert-records.ts';
export { ACTIVE_JOB_ORDER } from './sync/active-job.ts';
export { cancelSync } from './sync/cancel-sync.ts';
export type { SyncControlDeps, SyncMode, SyncPhase } from './sync/deps.ts';
export {
  InvalidStateError,
  NotFoundError,
  SyncAlreadyRunningError,
  SyncControlError,
  ValidationError,
} from './sync/errors.ts';
export { resumeSync } from './sync/resume-sync.ts';
export { retryFailedChunks } from './sync/retry-failed-chunks.ts';
export { type StartSyncInput, startSync } from './sync/start-sync.ts';
export {
  isDatabaseUnavailable,
  retryWhileDatabaseUnavailable,
  waitForDatabase,
} from './wait-for-database.ts';
export * from './webhooks/index.ts';
