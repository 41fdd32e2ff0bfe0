import type { Queryable } from '../pool.ts';

export const SYNC_EVENTS_CHANNEL = 'tributary_sync_events';

export type SyncEventKind =
  | 'PROGRESS'
  | 'STATUS_CHANGED'
  | 'PHASE_COMPLETED'
  | 'CHUNK_RETRYING'
  | 'CHUNK_FAILED'
  | 'RATE_LIMITED'
  | 'TIME_BUDGET_CHECKPOINT'
  | 'CHUNK_SPLIT'
  | 'CHUNK_STALLED'
  | 'AUTH_EXPIRED'
  | 'PROVIDER_UNAVAILABLE';

export type SyncEventInput = {
  workspaceId: string;
  jobId: string;
  chunkId?: string | null;
  kind: SyncEventKind;
  message?: string | null;
  data?: unknown;
};

/**
 * Notifies subscribers (API processes LISTEN on SYNC_EVENTS_CHANNEL). Inside a transaction the
 * NOTIFY is delivered only if it commits, so subscribers never see uncommitted progress.
 */
export async function notifySyncEvent(db: Queryable, event: SyncEventInput): Promise<void> {
  const payload = JSON.stringify({
    workspaceId: event.workspaceId,
    jobId: event.jobId,
    kind: event.kind,
    message: event.message ?? null,
    chunkId: event.chunkId ?? null,
    at: new Date().toISOString(),
  });
  await db.query('SELECT pg_notify($1, $2)', [SYNC_EVENTS_CHANNEL, payload]);
}

/** Appends to the job's activity log and notifies. PROGRESS is not logged, only notified. */
export async function recordEvent(db: Queryable, event: SyncEventInput): Promise<void> {
  if (event.kind !== 'PROGRESS') {
    await db.query(
      `INSERT INTO sync_events (workspace_id, job_id, chunk_id, kind, message, data)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        event.workspaceId,
        event.jobId,
        event.chunkId ?? null,
        event.kind,
        event.message ?? null,
        event.data === undefined ? null : JSON.stringify(event.data),
      ],
    );
  }
  await notifySyncEvent(db, event);
}
