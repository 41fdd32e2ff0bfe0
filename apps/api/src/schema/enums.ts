import { PROVIDERS } from '@tributary/core';
import { builder } from '../builder.ts';
import { CHUNK_STATUSES } from '../data/rows.ts';

export const ProviderEnum = builder.enumType('Provider', { values: PROVIDERS });
export const ConnectionStatusEnum = builder.enumType('ConnectionStatus', {
  values: ['ACTIVE', 'NEEDS_REAUTH', 'DISABLED'] as const,
});
export const SyncModeEnum = builder.enumType('SyncMode', {
  values: ['INITIAL', 'INCREMENTAL', 'FULL_RESYNC', 'CUSTOM_RANGE'] as const,
});
export const SyncPhaseEnum = builder.enumType('SyncPhase', {
  values: ['RECENT', 'HISTORICAL', 'INCREMENTAL', 'CUSTOM'] as const,
});
export const SyncJobStatusEnum = builder.enumType('SyncJobStatus', {
  values: [
    'PENDING',
    'RUNNING',
    'CANCELLING',
    'SUCCEEDED',
    'COMPLETED_WITH_ERRORS',
    'FAILED',
    'CANCELLED',
  ] as const,
});
export const ChunkStatusEnum = builder.enumType('ChunkStatus', { values: CHUNK_STATUSES });
export const SyncEventKindEnum = builder.enumType('SyncEventKind', {
  values: [
    'PROGRESS',
    'STATUS_CHANGED',
    'PHASE_COMPLETED',
    'CHUNK_RETRYING',
    'CHUNK_FAILED',
    'RATE_LIMITED',
    'TIME_BUDGET_CHECKPOINT',
    'CHUNK_SPLIT',
    'CHUNK_STALLED',
    'AUTH_EXPIRED',
    'PROVIDER_UNAVAILABLE',
  ] as const,
});
export const SyncWaitReasonEnum = builder.enumType('SyncWaitReason', {
  description: 'Why a job reads nothing until a known time.',
  values: {
    RATE_LIMIT: {
      description: 'Every open chunk waits for the provider rate limit to regain access.',
    },
    RETRY_BACKOFF: { description: 'Every open chunk waits to retry after a transient failure.' },
    PROVIDER_UNAVAILABLE: {
      description: 'The provider is down; the connection is parked until its next probe.',
    },
  } as const,
});
