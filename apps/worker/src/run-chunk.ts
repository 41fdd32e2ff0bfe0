import {
  type Cursor,
  isFinishedJobStatus,
  type PageResult,
  updateThroughput,
} from '@tributary/core';
import {
  advanceJob,
  type ClaimedChunk,
  type ClaimTarget,
  claimChunk,
  commitPage,
  renewLease,
  withTransaction,
} from '@tributary/db';
import { BudgetWait, handleFailure } from './chunk-failure.ts';
import {
  chunkInput,
  completesListing,
  resumeCursor,
  seenMarkOf,
  streamCursorOf,
} from './claimed-chunk.ts';
import { openConnection } from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey, withCallsAtSend } from './governor.ts';
import { progressGate } from './progress-gate.ts';
import { recordChunkEvent, releaseRun, requeueRun } from './release-run.ts';
import { wakeParked } from './wake-parked.ts';

/** A claimed chunk whose connection is being opened and whose first page is being fetched. */
export type StartedChunk = {
  chunk: ClaimedChunk;
  abort: AbortController;
  reader: Promise<(from: Cursor | null) => Promise<PageResult>>;
  firstPage: Promise<PageResult>;
};

/**
 * How a run ended: the chunk ran (its connection, so the caller can continue with the
 * connection's next chunk, and that chunk if it was already claimed and started while this
 * one's last page committed), the connection was at its limit, the chunk was not runnable
 * (finished, or another handler took it first; its connection if known), or the worker is
 * stopping.
 */
export type ChunkOutcome =
  | { ran: string; successor: StartedChunk | null }
  | 'busy'
  | { skipped: string | null }
  | 'stopped';

/**
 * Claims a chunk (if runnable and its connection has a free slot), or a connection's most
 * urgent runnable chunk, and runs it.
 */
export async function runChunk(deps: EngineDeps, target: ClaimTarget): Promise<ChunkOutcome> {
  const { config } = deps;
  const claim = await claimChunk(
    deps.pool,
    target,
    config.workerId,
    config.leaseMs,
    config.connectionLimits,
  );
  if ('busy' in claim) return 'busy';
  if ('skipped' in claim) return { skipped: claim.connectionId ?? null };
  return runStarted(deps, startReading(deps, claim.claimed));
}

/**
 * Runs a claimed chunk from its checkpoint: page by page, each page committed atomically with
 * its checkpoint, until the chunk completes, its time/page budget is spent (checkpoint and
 * re-enqueue), its job is cancelled, the worker stops, or an error decides its fate.
 */
export async function runStarted(deps: EngineDeps, started: StartedChunk): Promise<ChunkOutcome> {
  const { pool, config } = deps;
  const { chunk } = started;
  const owner = config.workerId;
  const runStart = Date.now();
  let lastCommit = runStart;
  const renewal = setInterval(
    () => {
      renewLease(pool, chunk.id, owner, config.leaseMs).catch(() => {});
    },
    Math.max(250, Math.floor(config.leaseMs / 3)),
  );
  let successor: Promise<StartedChunk | null> = Promise.resolve(null);
  let pages = 0;
  try {
    const fetchPage = await started.reader;
    let next = started.firstPage;
    for (;;) {
      const page = await next;
      // Observed first so a quiet reading rides along with the prefetch's reservation.
      const observed =
        page.usage.length > 0 ? deps.governor.observe(chunk.connection.provider, page.usage) : null;
      // Fetch the next page while this one commits: the chunk's I/O and its writes overlap.
      // On the last page, claim and start the connection's next chunk instead, so the lane
      // never waits for a first page. If this run stops after the commit, the prefetch is
      // aborted (and a started successor handed back by the caller).
      if (page.nextCursor !== null) next = fetchPage(page.nextCursor);
      else if (!deps.stopping.requested) successor = startSuccessor(deps, chunk);
      const now = Date.now();
      const notifyProgress = page.nextCursor === null || progressGate.progress(chunk.job_id, now);
      const result = await withTransaction(pool, async (tx) => {
        const committed = await commitPage(tx, {
          chunkId: chunk.id,
          owner,
          leaseMs: config.leaseMs,
          connectionId: chunk.connection_id,
          stream: chunk.stream,
          records: page.records,
          nextCursor: page.nextCursor,
          streamCursor: streamCursorOf(chunk, page),
          estimatedTotal: page.estimatedTotal,
          progressShare: page.progressShare,
          itemLabel: page.itemLabel,
          activity: chunk.label ?? chunk.stream,
          elapsedMs: now - lastCommit,
          seenByJobId: seenMarkOf(chunk),
          completesListing: completesListing(chunk),
          notifyProgress,
          updateThroughput: (previous, items, elapsedMs) =>
            updateThroughput(previous, items, elapsedMs),
        });
        if (committed.chunkDone) await advanceJob(tx, deps.queue, chunk.job_id);
        return committed;
      });
      await observed;
      lastCommit = Date.now();
      pages++;
      if (result.chunkDone) return { ran: chunk.connection_id, successor: await successor };
      // Cancelled, or finished under it (its connection deleted): stop at this page.
      if (result.jobStatus === 'CANCELLING' || isFinishedJobStatus(result.jobStatus)) {
        await releaseRun(
          deps,
          chunk,
          { status: 'CANCELLED', elapsedMs: lastCommit - runStart },
          (tx) => advanceJob(tx, deps.queue, chunk.job_id).then(() => {}),
        );
        return { ran: chunk.connection_id, successor: null };
      }
      if (deps.stopping.requested) {
        await requeueRun(deps, chunk, { status: 'PENDING', elapsedMs: lastCommit - runStart });
        return 'stopped';
      }
      const overTime = lastCommit - runStart >= config.timeBudgetMs;
      const overPages = config.pageBudget !== undefined && pages >= config.pageBudget;
      if (overTime || overPages) {
        await checkpointAndRequeue(
          deps,
          chunk,
          overTime ? 'time' : 'page',
          pages,
          lastCommit - runStart,
        );
        return { ran: chunk.connection_id, successor: null };
      }
    }
  } catch (error) {
    await handleFailure(deps, chunk, error, Date.now() - runStart, pages > 0).catch(
      (inner: unknown) => {
        deps.logger.error(
          { err: inner, chunkId: chunk.id, jobId: chunk.job_id },
          'could not record chunk failure; the lease will expire and recover it',
        );
      },
    );
    return { ran: chunk.connection_id, successor: await successor };
  } finally {
    clearInterval(renewal);
    started.abort.abort();
  }
}

/** Hands a started chunk back unrun (the worker is stopping): released and queued again. */
export async function handBack(deps: EngineDeps, started: StartedChunk): Promise<void> {
  started.abort.abort();
  await requeueRun(deps, started.chunk, { status: 'PENDING', elapsedMs: 0 });
}

/** Opens the chunk's connection and starts fetching from its checkpoint, behind the governor. */
function startReading(deps: EngineDeps, chunk: ClaimedChunk): StartedChunk {
  const { config } = deps;
  const abort = new AbortController();
  const reader = (async () => {
    const connection = {
      ...(await openConnection(chunk.connection, deps.secretKey, config.sandboxUrl)),
      ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
    };
    const connector = deps.connectors[connection.provider];
    const input = chunkInput(chunk);
    const key = budgetKey(connection.provider, connection.accountId, chunk.kind);
    return (from: Cursor | null) => {
      const fetching = (async (): Promise<PageResult> => {
        const { waitMs, outage, callsAtSend } = await deps.governor.acquire(
          connection.provider,
          key,
          config.maxInlineWaitMs,
        );
        if (waitMs > 0) throw new BudgetWait(waitMs, outage);
        const read = await connector.readPage({
          ...connection,
          chunk: input,
          cursor: from,
          signal: abort.signal,
        });
        const page = { ...read, usage: withCallsAtSend(read.usage, key, callsAtSend) };
        // The provider answers: an outage (if this process saw one) is over.
        if (await deps.governor.succeeded(connection.provider, key)) {
          await wakeParked(deps, connection.provider, connection.accountId);
        }
        return page;
      })();
      fetching.catch(() => {}); // surfaced when awaited, after the page before it committed
      return fetching;
    };
  })();
  const firstPage = reader.then((fetchPage) => fetchPage(resumeCursor(chunk)));
  reader.catch(() => {});
  firstPage.catch(() => {});
  return { chunk, abort, reader, firstPage };
}

/**
 * Claims the connection's next chunk for this lane while the finishing chunk's last page
 * commits, and starts its first fetch. The finishing chunk does not count against the
 * connection's limit: its slot is the one being handed over. Null if there is none, another
 * lane has it, or the claim failed (the lane then picks after its commit, as without one).
 */
async function startSuccessor(
  deps: EngineDeps,
  finishing: ClaimedChunk,
): Promise<StartedChunk | null> {
  const { config } = deps;
  try {
    const claim = await claimChunk(
      deps.pool,
      { nextOf: finishing.connection_id },
      config.workerId,
      config.leaseMs,
      config.connectionLimits,
      finishing.id,
    );
    return 'claimed' in claim ? startReading(deps, claim.claimed) : null;
  } catch {
    return null;
  }
}

/** Invariant 5: a budget ends the run, not the chunk; it resumes from the checkpoint just committed. */
function checkpointAndRequeue(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  budget: 'time' | 'page',
  pages: number,
  elapsedMs: number,
): Promise<void> {
  return requeueRun(deps, chunk, { status: 'PENDING', elapsedMs }, (tx) =>
    recordChunkEvent(
      tx,
      chunk,
      'TIME_BUDGET_CHECKPOINT',
      `${chunk.label ?? chunk.stream}: ${budget} budget reached after ${pages} pages; continuing from the checkpoint`,
    ),
  );
}
