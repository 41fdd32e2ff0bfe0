/** Shapes of the GraphQL results the dashboard reads (see apps/api/schema.graphql). */

export type Provider = 'FACEBOOK_ADS' | 'FACEBOOK_PAGES' | 'MICROSOFT_MAIL';
export type ConnectionStatus = 'ACTIVE' | 'NEEDS_REAUTH' | 'DISABLED';
export type SyncMode = 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC' | 'CUSTOM_RANGE';
export type SyncPhase = 'RECENT' | 'HISTORICAL' | 'INCREMENTAL' | 'CUSTOM';
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
/** The contract's kinds plus any the API adds later (shown generically). */
export type SyncEventKind =
  | 'PROGRESS'
  | 'STATUS_CHANGED'
  | 'PHASE_COMPLETED'
  | 'CHUNK_RETRYING'
  | 'CHUNK_FAILED'
  | 'RATE_LIMITED'
  | 'TIME_BUDGET_CHECKPOINT'
  | (string & {});

export type SyncProgress = {
  percent: number;
  itemsProcessed: number;
  itemsEstimated: number | null;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  events: number;
  skipped: number;
  etaSeconds: number | null;
  throughputPerSecond: number | null;
  currentActivity: string | null;
  currentItemLabel: string | null;
};

export type ChunkCounts = {
  total: number;
  pending: number;
  running: number;
  rateLimited: number;
  succeeded: number;
  failed: number;
  cancelled: number;
};

export type ConnectionRef = {
  id: string;
  provider: Provider;
  displayName: string;
  externalAccountId: string;
};

export type Connection = ConnectionRef & {
  status: ConnectionStatus;
  statusMessage: string | null;
  sandbox: boolean;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  recentComplete: boolean;
  historicalComplete: boolean;
  activeJob: { id: string; status: SyncJobStatus } | null;
};

export type SyncJob = {
  id: string;
  mode: SyncMode;
  phase: SyncPhase;
  status: SyncJobStatus;
  progress: SyncProgress;
  chunkCounts: ChunkCounts;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string | null;
  error: string | null;
  connection: ConnectionRef;
  nextPhase: { id: string; status: SyncJobStatus } | null;
  previousPhase: { id: string; status: SyncJobStatus } | null;
};

export type SyncChunk = {
  id: string;
  index: number;
  stream: string;
  kind: string;
  label: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  status: ChunkStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lastErrorCode: string | null;
  itemsProcessed: number;
  runAfter: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export type SyncEvent = {
  kind: SyncEventKind;
  message: string | null;
  at: string;
};

export type SyncProgressEvent = SyncEvent & { job: SyncJob };

export type SyncRecord = {
  id: string;
  externalId: string;
  stream: string;
  data: unknown;
  modifiedAt: string;
  deletedAt: string | null;
};

export type PageInfo = { hasNextPage: boolean; endCursor: string | null };
export type Edges<T> = { edges: { node: T }[]; pageInfo?: PageInfo };

/** A mutation result union: a success payload or a typed error with a message. */
export type MutationResult<TSuccess> = ({ __typename: string } & Partial<TSuccess>) & {
  message?: string;
};
