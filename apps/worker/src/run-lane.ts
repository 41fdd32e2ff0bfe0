import { setTimeout } from 'node:timers/promises';
import { nextChunkOf } from '@tributary/db';
import type { EngineDeps } from './engine-deps.ts';
import { type ChunkOutcome, handBack, runChunk, runStarted } from './run-chunk.ts';

/** A lane's hand-over lasts one page commit: how long another lane waits for it to end. */
const HAND_OVER_WAIT_MS = 5;
const MAX_HAND_OVER_WAITS = 20;

/**
 * A queue job's handler: runs the job's chunk, then stays on its connection as one of its
 * lanes, taking the connection's next chunk each time one finishes (already claimed and
 * fetching if it was started during the last page's commit), until nothing is runnable, the
 * worker stops, or its turn is up and it yields to the queue.
 */
export async function runLane(deps: EngineDeps, firstChunkId: string): Promise<void> {
  if (deps.stopping.requested) {
    // Taken from the queue while shutting down: hand it back for another worker.
    await deps.queue.send('sync-chunk', { chunkId: firstChunkId });
    return;
  }
  const started = Date.now();
  const first = await timedRun(deps, firstChunkId);
  if (first === 'stopped') return;
  if (first === 'busy') {
    // The connection's lanes continue with this chunk when they finish theirs; this job is
    // the safety net in case they die first.
    await deps.queue.send(
      'sync-chunk',
      { chunkId: firstChunkId },
      { startAfter: new Date(Date.now() + deps.config.leaseMs) },
    );
    return;
  }
  // A skipped chunk was finished or taken, usually by a lane of its connection: this handler
  // may be a lane the plan queued, so it still continues with the connection's next chunk.
  const connectionId = 'skipped' in first ? first.skipped : first.ran;
  if (!connectionId) return;
  let outcome: ChunkOutcome = first;
  let waits = 0;
  for (;;) {
    if (outcome === 'stopped') return;
    if (outcome === 'busy') {
      // Only while another lane hands its slot over to its next chunk (limit + 1 for one
      // commit): try again in a moment rather than give up this lane.
      if (waits++ >= MAX_HAND_OVER_WAITS) return;
      await setTimeout(HAND_OVER_WAIT_MS);
    } else if ('ran' in outcome) {
      waits = 0;
      if (outcome.successor) {
        // Claimed and already fetching while the last chunk committed.
        if (leaving(deps, started)) return handBack(deps, outcome.successor);
        outcome = await runStarted(deps, outcome.successor);
        continue;
      }
    } else if (outcome !== first) {
      return; // the connection has nothing runnable left
    }
    if (leaving(deps, started)) {
      // Leaving the connection with work left: queue its next chunk for the next free handler.
      const chunkId = await nextChunkOf(deps.pool, connectionId);
      if (chunkId) await deps.queue.send('sync-chunk', { chunkId });
      return;
    }
    // Picks and claims in one statement: the connection's other lanes never take it first.
    outcome = await timedRun(deps, { nextOf: connectionId });
  }
}

function leaving(deps: EngineDeps, started: number): boolean {
  return deps.stopping.requested || Date.now() - started > deps.config.laneTurnMs;
}

/** A chunk run, timed for the worker's metrics when it actually ran a chunk. */
async function timedRun(
  deps: EngineDeps,
  target: Parameters<typeof runChunk>[1],
): Promise<ChunkOutcome> {
  const started = performance.now();
  const outcome = await runChunk(deps, target);
  if (typeof outcome === 'object' && 'ran' in outcome) {
    deps.metrics?.chunkRunSeconds.observe((performance.now() - started) / 1000);
  }
  return outcome;
}
