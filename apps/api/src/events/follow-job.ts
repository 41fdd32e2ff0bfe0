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
 * phase that follows it (its opening state first), and so on down the chain. Not an async
 * generator: a generator's return() waits for the next() in flight, so a client that
 * unsubscribes from a quiet job would hold its hub subscription until the next event; this
 * one's return() closes the current subscription at once.
 */
export function followJob(
  hub: SyncEventHub,
  start: { workspaceId: string; jobId: string },
  nextPhase: ((jobId: string) => Promise<string | null>) | null,
): AsyncIterableIterator<SyncProgressEventShape> {
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  let jobId: string | null = start.jobId;
  let current: AsyncIterableIterator<SyncProgressEventShape> | null = null;
  let closed = false;
  const iterator: AsyncIterableIterator<SyncProgressEventShape> = {
    async next() {
      while (!closed && jobId) {
        current ??= hub.subscribe({ workspaceId: start.workspaceId, jobId });
        const step = await current.next();
        if (step.done) break;
        if (isFinalEvent(step.value)) {
          const finished = current;
          current = null;
          await finished.return?.();
          jobId = nextPhase ? await nextPhase(jobId) : null;
        }
        return step;
      }
      return done;
    },
    async return() {
      closed = true;
      await current?.return?.();
      current = null;
      return done;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
