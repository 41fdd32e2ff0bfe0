import type { SyncProgressEvent } from '../graphql/results.ts';
import { explainError } from './explain-error.ts';

export type ToastTone = 'info' | 'success' | 'warning' | 'error';
export type Toast = { id: string; tone: ToastTone; title: string; body: string; jobId: string };

/**
 * Which activity events deserve a toast. Progress ticks and routine status changes do not;
 * history finishing, retries, rate limits, failed chunks and time-budget checkpoints do.
 */
export function toastForEvent(event: SyncProgressEvent): Omit<Toast, 'id'> | null {
  const { job } = event;
  const who = job.connection.displayName;
  const detail = (fallback: string) => event.message?.trim() || fallback;
  switch (event.kind) {
    case 'PHASE_COMPLETED':
      if (job.phase === 'HISTORICAL') {
        return {
          tone: 'success',
          title: 'History sync complete',
          body: `${who}: all history is now synced.`,
          jobId: job.id,
        };
      }
      return null;
    case 'CHUNK_RETRYING':
      return {
        tone: 'info',
        title: 'Retrying a chunk',
        body: `${who}: ${detail('a request failed and will be retried')}`,
        jobId: job.id,
      };
    case 'RATE_LIMITED':
      return {
        tone: 'warning',
        title: 'Rate limit reached',
        body: `${who}: ${detail('the provider asked us to slow down; syncing resumes automatically')}`,
        jobId: job.id,
      };
    case 'CHUNK_FAILED':
      return {
        tone: 'error',
        title: 'A chunk failed',
        body: `${who}: ${detail('a chunk ran out of retries')}. Open the job to retry it.`,
        jobId: job.id,
      };
    case 'TIME_BUDGET_CHECKPOINT':
      return {
        tone: 'info',
        title: 'Checkpoint saved',
        body: `${who}: ${detail('a long chunk saved its place and continues')}`,
        jobId: job.id,
      };
    case 'STATUS_CHANGED':
      // Some engines report the end of history only as a status change; toastKey dedupes.
      if (job.phase === 'HISTORICAL' && job.status === 'SUCCEEDED') {
        return toastForEvent({ ...event, kind: 'PHASE_COMPLETED' });
      }
      if (job.status === 'FAILED') {
        return {
          tone: 'error',
          title: 'Sync failed',
          body: `${who}: ${explainError({ message: job.error, provider: job.connection.provider })?.cause ?? 'the sync stopped with an error.'}`,
          jobId: job.id,
        };
      }
      return null;
    default:
      return null;
  }
}

/** Repeated toasts of one kind for one job (rate limits arrive in bursts) collapse into one. */
export function toastKey(event: SyncProgressEvent): string {
  const historyDone =
    event.job.phase === 'HISTORICAL' &&
    (event.kind === 'PHASE_COMPLETED' ||
      (event.kind === 'STATUS_CHANGED' && event.job.status === 'SUCCEEDED'));
  return `${event.job.id}:${historyDone ? 'history-done' : event.kind}`;
}
