import type { SyncEventHub, SyncProgressEventShape } from './sync-event-hub.ts';

const FINISHED = ['SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED'];

/**
 * The last event a finished job sends: a usable phase (SUCCEEDED, COMPLETED_WITH_ERRORS)
 * announces PHASE_COMPLETED after its STATUS_CHANGED (one transaction, advanceJob); a failed
 * or cancelled one ends with its STATUS_CHANGED. A state the hub pushes itself (on subscribing
 * or after a reconnect, when events may have been missed) that shows the job finished is its
 * last word too. A PROGRESS event whose state loaded late can already show the job finished:
 * that is not the end, the job's own final events are still on their way.
 */
export function isFinalEvent(event: SyncProgressEventShape): boolean {
  if (!FINISHED.includes(event.job.status)) return false;
  if (event.snapshot) return true;
  const usable = event.job.status === 'SUCCEEDED' || event.job.status === 'COMPLETED_WITH_ERRORS';
  return usable ? event.kind === 'PHASE_COMPLETED' : event.kind === 'STATUS_CHANGED';
}

/**
 * One job's events, ending after its final event; with `nextPhase`, then the events of the
 * phase that follows it (its opening state first), and so on down the chain.
 */
export async function* followJob(
  hub: SyncEventHub,
  start: { workspaceId: string; jobId: string },
  nextPhase: ((jobId: string) => Promise<string | null>) | null,
): AsyncGenerator<SyncProgressEventShape, void, undefined> {
  let jobId: string | null = start.jobId;
  while (jobId) {
    const events = hub.subscribe({ workspaceId: start.workspaceId, jobId });
    try {
      for await (const event of events) {
        yield event;
        if (isFinalEvent(event)) break;
      }
    } finally {
      await events.return?.();
    }
    jobId = nextPhase ? await nextPhase(jobId) : null;
  }
}
