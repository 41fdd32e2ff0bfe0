/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** READ keys run queries and subscriptions; FULL keys may also run mutations. */
export type ApiKeyScope =
  | 'FULL'
  | 'READ';

/** The account to connect through the provider’s OAuth authorization-code flow. */
export type BeginOAuthConnectionInput = {
  /** A name for the connection; the account id when omitted. */
  displayName?: string | null | undefined;
  /** The provider account to sync (act_…, a Page id, a mailbox user id or address). Omit it to sign in first: the callback then returns `#oauth=signed-in&signIn=…&provider=…`, and `signInAccounts(signIn)` lists the accounts the sign-in sees for `connectSignedInAccount`. */
  externalAccountId?: string | null | undefined;
  /** The provider. */
  provider: Provider;
  /** Where the browser returns after the provider: a path on this server (default `/`) or a URL with its origin. The outcome is appended as a fragment: `#oauth=connected&connectionId=…&jobId=…` or `#oauth=error&message=…`. */
  returnTo?: string | null | undefined;
  /** Authorise against the local provider sandbox instead of the real provider. */
  sandbox?: boolean | null | undefined;
};

export type ChunkStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PENDING'
  | 'RATE_LIMITED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** One of the accounts signInAccounts listed, to connect. */
export type ConnectSignedInAccountInput = {
  /** A name for the connection; the account’s when omitted. */
  displayName?: string | null | undefined;
  /** A SignedInAccount.externalAccountId of that sign-in. */
  externalAccountId: string;
  /** The sign-in grant. */
  signIn: string;
};

export type ConnectionStatus =
  | 'ACTIVE'
  | 'DISABLED'
  | 'NEEDS_REAUTH';

export type CreateConnectionInput = {
  accessToken: string;
  displayName?: string | null | undefined;
  externalAccountId: string;
  provider: Provider;
  refreshToken?: string | null | undefined;
  /** Sync from the local provider sandbox instead of the real API. */
  sandbox?: boolean | null | undefined;
  /** Minutes between scheduled syncs (5–10080), or 0 for no scheduled syncs. */
  scheduleMinutes?: number | null | undefined;
  tokenExpiresAt?: string | null | undefined;
  /** Ask the provider first whether the account exists and the token can read it, and create nothing if not (NotFoundError for an account the token cannot see, ValidationError on `accessToken` for a refused token, PROVIDER_UNAVAILABLE when the provider cannot be asked). Defaults to true; `false`: skip the provider check; the first sync reports a bad token or account. */
  verify?: boolean | null | undefined;
};

export type Provider =
  | 'FACEBOOK_ADS'
  | 'FACEBOOK_PAGES'
  | 'MICROSOFT_MAIL';

/** What to sync. INITIAL or INCREMENTAL on a connection whose INITIAL sync did not finish (it failed, was cancelled, or ended with failed chunks) continues that INITIAL from its checkpoints — recent data first, then history — because an incremental sync on top of it would leave the history empty; the result says `continued: true`. Pass `force: true` to start the asked-for mode anyway. FULL_RESYNC, CUSTOM_RANGE and a sync of chosen `streams` always run as asked. */
export type StartSyncInput = {
  connectionId: string | number;
  /** Start this mode even though the connection’s INITIAL sync did not finish (default false: continue that INITIAL instead). */
  force?: boolean | null | undefined;
  /** CUSTOM_RANGE only: start of the window. */
  from?: string | null | undefined;
  mode: SyncMode;
  /** Streams to sync; all of the provider’s when omitted. */
  streams?: Array<string> | null | undefined;
  /** CUSTOM_RANGE only: end of the window. */
  to?: string | null | undefined;
};

export type SyncAllInput = {
  from?: string | null | undefined;
  mode: SyncMode;
  to?: string | null | undefined;
};

export type SyncEventKind =
  | 'AUTH_EXPIRED'
  | 'CHUNK_FAILED'
  | 'CHUNK_RETRYING'
  | 'CHUNK_SPLIT'
  | 'CHUNK_STALLED'
  | 'PHASE_COMPLETED'
  | 'PROGRESS'
  | 'PROVIDER_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'STATUS_CHANGED'
  | 'TIME_BUDGET_CHECKPOINT';

export type SyncJobStatus =
  | 'CANCELLED'
  | 'CANCELLING'
  | 'COMPLETED_WITH_ERRORS'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SyncMode =
  | 'CUSTOM_RANGE'
  | 'FULL_RESYNC'
  | 'INCREMENTAL'
  | 'INITIAL';

export type SyncPhase =
  | 'CUSTOM'
  | 'HISTORICAL'
  | 'INCREMENTAL'
  | 'RECENT';

/** Why a job reads nothing until a known time. */
export type SyncWaitReason =
  /** The provider is down; the connection is parked until its next probe. */
  | 'PROVIDER_UNAVAILABLE'
  /** Every open chunk waits for the provider rate limit to regain access. */
  | 'RATE_LIMIT'
  /** Every open chunk waits to retry after a transient failure. */
  | 'RETRY_BACKOFF';

export type UpdateConnectionInput = {
  /** A new token, e.g. after re-authorising; reactivates NEEDS_REAUTH. */
  accessToken?: string | null | undefined;
  displayName?: string | null | undefined;
  id: string | number;
  refreshToken?: string | null | undefined;
  /** Minutes between scheduled syncs (5–10080), or 0 to turn scheduled syncs off (manual syncs still run). */
  scheduleMinutes?: number | null | undefined;
  /** Provider-specific settings (a JSON object). */
  settings?: unknown;
};

export type UpdateConnectionMutationVariables = Exact<{
  input: UpdateConnectionInput;
}>;


export type UpdateConnectionMutation = { updateConnection:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'ConnectionPayload', connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'RevokeApiKeySuccess', apiKey: { id: string, name: string, prefix: string, scope: ApiKeyScope, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, expiresAt: string | null } }
   };

export type JobHistoryQueryVariables = Exact<{
  connectionId?: string | number | null | undefined;
  status?: Array<SyncJobStatus> | SyncJobStatus | null | undefined;
  first?: number | null | undefined;
}>;


export type JobHistoryQuery = { connections: { edges: Array<{ node: { id: string, provider: Provider, displayName: string, externalAccountId: string } }> }, syncJobs: { edges: Array<{ node: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }> }, syncStats: { problemConnections: Array<{ failedChunks: number, failedJobs: number, lastError: string | null, connection: { id: string, displayName: string } }> } };

export type ConnectSignedInAccountMutationVariables = Exact<{
  input: ConnectSignedInAccountInput;
}>;


export type ConnectSignedInAccountMutation = { connectSignedInAccount:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'ConnectSignedInAccountSuccess', reauthorized: boolean, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null }, job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } | null }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type CancelSyncMutationVariables = Exact<{
  jobId: string | number;
}>;


export type CancelSyncMutation = { cancelSync:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SyncJobSuccess', job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type JobEventsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type JobEventsQuery = { syncJob: { id: string, events: { edges: Array<{ node: { kind: SyncEventKind, message: string | null, at: string, chunkId: string | null, resumesAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type BeginOAuthConnectionMutationVariables = Exact<{
  input: BeginOAuthConnectionInput;
}>;


export type BeginOAuthConnectionMutation = { beginOAuthConnection:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'BeginOAuthConnectionSuccess', authorizeUrl: string }
    | { __typename: 'OAuthNotConfiguredError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type SignInAccountsQueryVariables = Exact<{
  signIn: string;
}>;


export type SignInAccountsQuery = { signInAccounts:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SignInAccounts', provider: Provider, expiresAt: string, accounts: Array<{ externalAccountId: string, name: string, detail: string | null, unavailableReason: string | null, connection: { id: string, displayName: string } | null }> }
    | { __typename: 'ValidationError', message: string }
   };

export type ConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectionsQuery = { connections: { edges: Array<{ node: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null } }> }, syncJobs: { edges: Array<{ node: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }> } };

export type EnableConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableConnectionMutation = { enableConnection:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'ConnectionPayload', connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
   };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, name: string } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { viewer: { id: string, apiKeys: Array<{ id: string, name: string, prefix: string, scope: ApiKeyScope, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, expiresAt: string | null }> } };

export type DeleteConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteConnectionMutation = { deleteConnection:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'DeleteConnectionSuccess', deletedConnectionId: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
   };

export type SyncProgressSubscriptionVariables = Exact<{
  jobId: string | number;
}>;


export type SyncProgressSubscription = { syncProgress: { kind: SyncEventKind, message: string | null, at: string, chunkId: string | null, job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } } };

export type SyncJobQueryVariables = Exact<{
  id: string | number;
}>;


export type SyncJobQuery = { syncJob: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } | null };

export type SyncActivitySubscriptionVariables = Exact<{ [key: string]: never; }>;


export type SyncActivitySubscription = { syncActivity: { kind: SyncEventKind, message: string | null, at: string, job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } } };

export type RecordConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RecordConnectionsQuery = { connections: { edges: Array<{ node: { id: string, provider: Provider, displayName: string, externalAccountId: string } }> } };

export type ActiveJobsQueryVariables = Exact<{ [key: string]: never; }>;


export type ActiveJobsQuery = { syncJobs: { edges: Array<{ node: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }> } };

export type CreateConnectionMutationVariables = Exact<{
  input: CreateConnectionInput;
}>;


export type CreateConnectionMutation = { createConnection:
    | { __typename: 'AlreadyConnectedError', message: string }
    | { __typename: 'BaseError', message: string }
    | { __typename: 'CreateConnectionSuccess', connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type CreateApiKeyMutationVariables = Exact<{
  name: string;
  scope?: ApiKeyScope | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'CreateApiKeySuccess', key: string, apiKey: { id: string, name: string, prefix: string, scope: ApiKeyScope, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, expiresAt: string | null } }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type RetryFailedChunksMutationVariables = Exact<{
  jobId: string | number;
}>;


export type RetryFailedChunksMutation = { retryFailedChunks:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SyncJobSuccess', job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type RecordsQueryVariables = Exact<{
  connectionId: string | number;
  stream: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RecordsQuery = { records: { edges: Array<{ node: { id: string, externalId: string, stream: string, data: unknown, modifiedAt: string, deletedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type JobQueryVariables = Exact<{
  id: string | number;
}>;


export type JobQuery = { syncJob: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, activeJob: { id: string, phase: SyncPhase } | null }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null, events: { edges: Array<{ node: { kind: SyncEventKind, message: string | null, at: string, chunkId: string | null, resumesAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, chunks: { edges: Array<{ node: { id: string, index: number, stream: string, kind: string, label: string | null, windowStart: string | null, windowEnd: string | null, status: ChunkStatus, attempts: number, maxAttempts: number, lastError: string | null, lastErrorCode: string | null, itemsProcessed: number, runAfter: string | null, startedAt: string | null, finishedAt: string | null } }> } } | null };

export type StartSyncMutationVariables = Exact<{
  input: StartSyncInput;
}>;


export type StartSyncMutation = { startSync:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'StartSyncSuccess', job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'SyncAlreadyRunningError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConnectionQueryVariables = Exact<{
  id: string | number;
}>;


export type ConnectionQuery = { node:
    | { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null }
    | Record<PropertyKey, never>
   | null };

export type ResumeSyncMutationVariables = Exact<{
  jobId: string | number;
}>;


export type ResumeSyncMutation = { resumeSync:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SyncJobSuccess', job: { id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type SyncAllMutationVariables = Exact<{
  input: SyncAllInput;
}>;


export type SyncAllMutation = { syncAll:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'RateLimitedError', message: string }
    | { __typename: 'SyncAllSuccess', jobs: Array<{ id: string, mode: SyncMode, phase: SyncPhase, status: SyncJobStatus, startedAt: string | null, finishedAt: string | null, createdAt: string, error: string | null, connection: { id: string, provider: Provider, displayName: string, externalAccountId: string }, progress: { percent: number, itemsProcessed: number, itemsEstimated: number | null, inserted: number, updated: number, unchanged: number, deleted: number, events: number, skipped: number, etaSeconds: number | null, finishesAt: string | null, waitingUntil: string | null, waitReason: SyncWaitReason | null, throughputPerSecond: number | null, currentActivity: string | null, currentItemLabel: string | null }, chunkCounts: { total: number, pending: number, running: number, rateLimited: number, succeeded: number, failed: number, cancelled: number }, nextPhase: { id: string, status: SyncJobStatus } | null, previousPhase: { id: string, status: SyncJobStatus } | null }> }
    | { __typename: 'ValidationError', message: string }
   };

export type DisableConnectionMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableConnectionMutation = { disableConnection:
    | { __typename: 'BaseError', message: string }
    | { __typename: 'ConnectionPayload', connection: { id: string, provider: Provider, displayName: string, externalAccountId: string, status: ConnectionStatus, statusMessage: string | null, sandbox: boolean, lastSyncAt: string | null, nextSyncAt: string | null, scheduleMinutes: number, recentComplete: boolean, historicalComplete: boolean, activeJob: { id: string, status: SyncJobStatus } | null } }
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'RateLimitedError', message: string }
   };
