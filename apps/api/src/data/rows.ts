import type { ChunkWorkGroup, KnownWait, ProviderId } from '@tributary/core';

export type ConnectionStatus = 'ACTIVE' | 'NEEDS_REAUTH' | 'DISABLED';
export type SyncJobStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'CANCELLING'
  | 'SUCCEEDED'
  | 'COMPLETED_WITH_ERRORS'
  | 'FAILED'
  | 'CANCELLED';
export type ChunkStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'RATE_LIMITED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED';

export const ACTIVE_JOB_STATUSES: SyncJobStatus[] = ['PENDING', 'RUNNING', 'CANCELLING'];
export const CHUNK_STATUSES: ChunkStatus[] = [
  'PENDING',
  'RUNNING',
  'RATE_LIMITED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

export type ConnectionRow = {
  id: string;
  workspaceId: string;
  provider: ProviderId;
  externalAccountId: string;
  displayName: string;
  status: ConnectionStatus;
  statusMessage: string | null;
  sandbox: boolean;
  accountCreatedAt: Date | null;
  scheduleMinutes: number;
  nextSyncAt: Date | null;
  lastSyncAt: Date | null;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

export const CONNECTION_COLUMNS = `id, workspace_id AS "workspaceId", provider,
  external_account_id AS "externalAccountId", display_name AS "displayName", status,
  status_message AS "statusMessage", sandbox, account_created_at AS "accountCreatedAt",
  schedule_minutes AS "scheduleMinutes", next_sync_at AS "nextSyncAt", last_sync_at AS "lastSyncAt",
  settings, created_at AS "createdAt", updated_at AS "updatedAt"`;

export type ChunkCounts = Record<ChunkStatus, number> & {
  total: number;
  /** Structure-discovery chunks (Ads entities, mail folders), for stage-aware progress. */
  discoveryTotal: number;
  discoveryDone: number;
  /** What each kind of chunk has read and knows of its size, by status (the work estimate). */
  work: (ChunkWorkGroup & { discovery: boolean })[];
  /** The earliest time a waiting chunk (rate limit, retry backoff) may run again. */
  waitUntil: KnownWait | null;
  /** Open chunks not running that may run now (no wait in front of them). */
  ready: number;
};

/** What jobs and chunks count as they commit pages (same columns on both tables). */
export type ProgressCounters = {
  itemsProcessed: number;
  itemsEstimated: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  events: number;
  skipped: number;
};

export type SyncJobRow = ProgressCounters & {
  id: string;
  workspaceId: string;
  connectionId: string;
  mode: 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC' | 'CUSTOM_RANGE';
  phase: 'RECENT' | 'HISTORICAL' | 'INCREMENTAL' | 'CUSTOM';
  status: SyncJobStatus;
  windowStart: Date | null;
  windowEnd: Date | null;
  streams: string[] | null;
  priority: number;
  /** Planning stage: PLAN, DISCOVER, FANOUT or RUN. */
  stage: 'PLAN' | 'DISCOVER' | 'FANOUT' | 'RUN';
  previousPhaseId: string | null;
  retries: number;
  throughputPerSecond: number | null;
  /** The highest percent shown so far (progress never goes backwards within a phase). */
  percentFloor: number;
  lastProgressAt: Date | null;
  currentActivity: string | null;
  currentItemLabel: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** Preloaded by snapshot loads (subscriptions) so many subscribers share one count query. */
  chunkCounts?: ChunkCounts;
};

export const JOB_COLUMNS = `j.id, j.workspace_id AS "workspaceId", j.connection_id AS "connectionId",
  j.mode, j.phase, j.status, j.window_start AS "windowStart", j.window_end AS "windowEnd", j.streams,
  j.priority, j.stage, j.previous_phase_id AS "previousPhaseId", j.items_processed AS "itemsProcessed",
  j.items_estimated AS "itemsEstimated", j.inserted, j.updated, j.unchanged, j.deleted, j.events,
  j.skipped, j.retries, j.throughput_per_second AS "throughputPerSecond", j.percent_floor AS "percentFloor",
  j.last_progress_at AS "lastProgressAt", j.current_activity AS "currentActivity",
  j.current_item_label AS "currentItemLabel", j.error, j.created_at AS "createdAt",
  j.started_at AS "startedAt", j.finished_at AS "finishedAt", j.updated_at AS "updatedAt"`;

export type SyncChunkRow = ProgressCounters & {
  id: string;
  jobId: string;
  index: number;
  stream: string;
  kind: string;
  label: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  entityCount: number;
  hasCheckpoint: boolean;
  status: ChunkStatus;
  priority: number;
  attempts: number;
  maxAttempts: number;
  leaseExpiresAt: Date | null;
  runAfter: Date | null;
  lastError: string | null;
  lastErrorCode: string | null;
  pagesFetched: number;
  durationMs: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
};

export const CHUNK_COLUMNS = `c.id, c.job_id AS "jobId", c.index, c.stream, c.kind, c.label,
  c.window_start AS "windowStart", c.window_end AS "windowEnd",
  COALESCE(cardinality(c.entity_ids), 0) AS "entityCount", c.checkpoint IS NOT NULL AS "hasCheckpoint",
  c.status, c.priority, c.attempts, c.max_attempts AS "maxAttempts",
  c.lease_expires_at AS "leaseExpiresAt", c.run_after AS "runAfter", c.last_error AS "lastError",
  c.last_error_code AS "lastErrorCode", c.pages_fetched AS "pagesFetched",
  c.items_processed AS "itemsProcessed", c.items_estimated AS "itemsEstimated", c.inserted,
  c.updated, c.unchanged, c.deleted, c.events, c.skipped, c.duration_ms AS "durationMs",
  c.started_at AS "startedAt", c.finished_at AS "finishedAt", c.created_at AS "createdAt"`;

export type SyncEventRow = {
  id: number;
  jobId: string;
  chunkId: string | null;
  kind: string;
  message: string | null;
  data: unknown;
  at: Date;
};

export type RecordRow = {
  id: number;
  connectionId: string;
  stream: string;
  externalId: string;
  data: unknown;
  contentHash: string;
  seq: number;
  firstSeenAt: Date;
  modifiedAt: Date;
  deletedAt: Date | null;
};
