import type { SyncJobStatus } from '../generated/graphql.ts';
import { JOB_STATUS_LABELS } from '../lib/labels.ts';
import { StatusPill } from './StatusPill.tsx';

const TONES: Record<SyncJobStatus, 'ok' | 'warn' | 'error' | 'info' | 'muted'> = {
  PENDING: 'muted',
  RUNNING: 'info',
  CANCELLING: 'muted',
  SUCCEEDED: 'ok',
  COMPLETED_WITH_ERRORS: 'warn',
  FAILED: 'error',
  CANCELLED: 'muted',
};

export function JobStatusPill({ status }: { status: SyncJobStatus }) {
  return <StatusPill tone={TONES[status]}>{JOB_STATUS_LABELS[status]}</StatusPill>;
}
