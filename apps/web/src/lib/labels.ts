/** Words users read for the API's enums. */
import type {
  ChunkStatus,
  ConnectionStatus,
  Provider,
  SyncJobStatus,
  SyncPhase,
} from '../generated/graphql.ts';

export const PROVIDER_LABELS: Record<Provider, string> = {
  FACEBOOK_ADS: 'Facebook Ads',
  FACEBOOK_PAGES: 'Facebook Page Messenger',
  MICROSOFT_MAIL: 'Microsoft Outlook Mail',
};

export const PROVIDER_STREAMS: Record<Provider, readonly string[]> = {
  FACEBOOK_ADS: ['campaigns', 'adsets', 'ads', 'ad_insights_daily'],
  FACEBOOK_PAGES: ['conversations', 'messages', 'interaction_events'],
  MICROSOFT_MAIL: ['mail_folders', 'messages'],
};

/** What the provider calls the account id, for the connect form. */
export const ACCOUNT_ID_HINTS: Record<Provider, string> = {
  FACEBOOK_ADS: 'Ad account id, e.g. act_1001',
  FACEBOOK_PAGES: 'Page id, e.g. page_2001',
  MICROSOFT_MAIL: 'Mailbox user id, e.g. user_3001',
};

export const CONNECTION_STATUS_LABELS: Record<ConnectionStatus, string> = {
  ACTIVE: 'Active',
  NEEDS_REAUTH: 'Needs re-auth',
  DISABLED: 'Disabled',
};

export const JOB_STATUS_LABELS: Record<SyncJobStatus, string> = {
  PENDING: 'Queued',
  RUNNING: 'Running',
  CANCELLING: 'Cancelling',
  SUCCEEDED: 'Succeeded',
  COMPLETED_WITH_ERRORS: 'Completed with errors',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const CHUNK_STATUS_LABELS: Record<ChunkStatus, string> = {
  PENDING: 'Waiting',
  RUNNING: 'Running',
  RATE_LIMITED: 'Rate-limited (waiting)',
  SUCCEEDED: 'Done',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const PHASE_LABELS: Record<SyncPhase, string> = {
  RECENT: 'Phase 1 · last 90 days',
  HISTORICAL: 'Phase 2 · history',
  INCREMENTAL: 'Incremental',
  CUSTOM: 'Custom range',
};

const ACTIVE_STATUSES: ReadonlySet<SyncJobStatus> = new Set(['PENDING', 'RUNNING', 'CANCELLING']);

export function isJobActive(status: SyncJobStatus): boolean {
  return ACTIVE_STATUSES.has(status);
}

/** A worker is on it: RUNNING, or CANCELLING (stopping at its next page). Queued jobs are not. */
export function isJobRunning(status: SyncJobStatus): boolean {
  return status === 'RUNNING' || status === 'CANCELLING';
}

/**
 * How a job's bar reads: a cancel (the user's own, or a phase that could not start) is
 * neutral, not an error; only failures are red.
 */
export function jobTone(status: SyncJobStatus): 'active' | 'success' | 'error' | 'muted' {
  switch (status) {
    case 'SUCCEEDED':
      return 'success';
    case 'FAILED':
    case 'COMPLETED_WITH_ERRORS':
      return 'error';
    case 'CANCELLED':
    case 'CANCELLING':
      return 'muted';
    case 'PENDING':
    case 'RUNNING':
      return 'active';
  }
}
