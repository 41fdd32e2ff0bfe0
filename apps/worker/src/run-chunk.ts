import {
  type ChunkInput,
  type Cursor,
  isProviderError,
  nextRetryDelay,
  type PageResult,
  updateThroughput,
} from '@tributary/core';
import {
  advanceJob,
  type ClaimedChunk,
  claimChunk,
  commitPage,
  enqueueChunks,
  LeaseLostError,
  renewLease,
  withTransaction,
} from '@tributary/db';
import {
  type LoadedConnection,
  loadConnection,
  openConnection,
  storeCredentials,
} from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey } from './governor.ts';
import { progressGate } from './progress-gate.ts';
import { recordChunkEvent, releaseOwnRun, releaseRun, requeueRun } from './release-run.ts';
import { splitChunk } from './split-chunk.ts';

/** The chunk must wait for the rate budget longer than a worker should sleep holding it. */
class BudgetWait extends Error {
  constructor(readonly waitMs: number) {
    super(`rate budget: next slot in ${waitMs} ms`);
  }
}

/**
 * Runs one chunk from its checkpoint: page by page, each page committed atomically with its
 * checkpoint, until the chunk completes, its time/page budget is spent (checkpoint and
 * re-enqueue), its job is cancelled, the worker stops, or an error decides its fate.
 */
/**
 * How a run ended: the chunk ran (its connection, so the caller can continue with the
 * connection's next chunk), the connection was at its limit, the chunk was not runnable
 * (finished, or another handler took it first), or the worker is stopping.
 */
export type ChunkOutcome = { ran: string } | 'busy' | 'skipped' | 'stopped';

export async function runChunk(deps: EngineDeps, chunkId: string): Promise<ChunkOutcome> {
  const { pool, config } = deps;
  const owner = config.workerId;
  const claim = await claimChunk(
    pool,
    chunkId,
    owner,
    config.leaseMs,
    config.connectionConcurrency,
  );
  if ('busy' in claim) {
    // The connection's running chunks continue with this one when they finish; this job is
    // the safety net in case they die first.
    await deps.queue.send(
      'sync-chunk',
      { chunkId },
      { startAfter: new Date(Date.now() + config.leaseMs) },
    );
    return 'busy';
  }
  if ('skipped' in claim) return 'skipped';
  const chunk = claim.claimed;
  const log = deps.logger.child({
    chunkId,
    jobId: chunk.job_id,
    connectionId: chunk.connection_id,
  });
  const started = Date.now();
  let lastCommit = started;
  const renewal = setInterval(
    () => {
      renewLease(pool, chunkId, owner, config.leaseMs).catch(() => {});
    },
    Math.max(250, Math.floor(config.leaseMs / 3)),
  );
  const abort = new AbortController();
  try {
    const connection = await openConnection(chunk.connection, deps.secretKey, config.sandboxUrl);
    const connector = deps.connectors[connection.provider];
    const input = chunkInput(chunk);
    const key = budgetKey(connection.provider, connection.accountId);
    let cursor: Cursor | null =
      (chunk.checkpoint as Cursor | null) ??
      (chunk.input_cursor as { cursor?: Cursor } | null)?.cursor ??
      null;
    let pages = 0;
    const fetchPage = (from: Cursor | null) => {
      const fetching = (async (): Promise<PageResult> => {
        const waitMs = await deps.governor.acquire(
          connection.provider,
          key,
          config.maxInlineWaitMs,
        );
        if (waitMs > 0) throw new BudgetWait(waitMs);
        return connector.readPage({
          ...connection,
          chunk: input,
          cursor: from,
          signal: abort.signal,
        });
      })();
      fetching.catch(() => {}); // surfaced when awaited, after the page before it committed
      return fetching;
    };
    let next = fetchPage(cursor);
    for (;;) {
      const page = await next;
      // Observed first so a quiet reading rides along with the prefetch's reservation.
      const observed =
        page.usage.length > 0 ? deps.governor.observe(connection.provider, page.usage) : null;
      // Fetch the next page while this one commits: the chunk's I/O and its writes overlap.
      // If this run stops after the commit (cancel, budget, shutdown) the prefetch is aborted.
      if (page.nextCursor !== null) next = fetchPage(page.nextCursor);
      const now = Date.now();
      const notifyProgress = page.nextCursor === null || progressGate.progress(chunk.job_id, now);
      const result = await withTransaction(pool, async (tx) => {
        const committed = await commitPage(tx, {
          chunkId,
          owner,
          leaseMs: config.leaseMs,
          connectionId: chunk.connection_id,
          stream: chunk.stream,
          records: page.records,
          nextCursor: page.nextCursor,
          streamCursor: streamCursorOf(chunk, page),
          estimatedTotal: page.estimatedTotal,
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
      cursor = page.nextCursor;
      if (result.chunkDone) return { ran: chunk.connection_id };
      if (result.jobStatus === 'CANCELLING') {
        await stopChunk(deps, chunk, 'CANCELLED', lastCommit - started);
        return { ran: chunk.connection_id };
      }
      if (deps.stopping.requested) {
        await stopChunk(deps, chunk, 'PENDING', lastCommit - started);
        return 'stopped';
      }
      const overTime = lastCommit - started >= config.timeBudgetMs;
      const overPages = config.pageBudget !== undefined && pages >= config.pageBudget;
      if (overTime || overPages) {
        await checkpointAndRequeue(
          deps,
          chunk,
          overTime ? 'time' : 'page',
          pages,
          lastCommit - started,
        );
        return { ran: chunk.connection_id };
      }
    }
  } catch (error) {
    await handleFailure(deps, chunk, error, Date.now() - started).catch((inner: unknown) => {
      log.error(
        { err: inner },
        'could not record chunk failure; the lease will expire and recover it',
      );
    });
    return { ran: chunk.connection_id };
  } finally {
    clearInterval(renewal);
    abort.abort();
  }
}

function chunkInput(chunk: ClaimedChunk): ChunkInput {
  const params = (chunk.input_cursor as { params?: Record<string, unknown> } | null)?.params;
  return {
    stream: chunk.stream,
    kind: chunk.kind,
    ...(chunk.window_start ? { windowStart: chunk.window_start } : {}),
    ...(chunk.window_end ? { windowEnd: chunk.window_end } : {}),
    ...(chunk.entity_ids && chunk.entity_ids.length > 0 ? { entityIds: chunk.entity_ids } : {}),
    ...(params ? { params } : {}),
  };
}

/**
 * The mark a chunk's rows carry: FULL_RESYNC's root job (rows it never saw are deleted when it
 * ends), and for a complete listing the same job mark, so its unseen rows are known at its end.
 */
function seenMarkOf(chunk: ClaimedChunk): string | null {
  if (chunk.job_mode === 'FULL_RESYNC') return chunk.job_root_id;
  return completesListing(chunk) ? (chunk.job_root_id ?? chunk.job_id) : null;
}

function completesListing(chunk: ClaimedChunk): boolean {
  return (chunk.input_cursor as { completeListing?: boolean } | null)?.completeListing === true;
}

function streamCursorOf(chunk: ClaimedChunk, page: PageResult) {
  const key = (chunk.input_cursor as { streamCursorKey?: string } | null)?.streamCursorKey;
  if (!key || !page.streamCursor || page.nextCursor !== null) return undefined;
  const value = Object.values(page.streamCursor)[0];
  return { stream: chunk.stream, cursor: { [key]: value } };
}

async function stopChunk(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  status: 'CANCELLED' | 'PENDING',
  elapsedMs: number,
): Promise<void> {
  if (status === 'PENDING') return requeueRun(deps, chunk, { status, elapsedMs });
  await releaseRun(deps, chunk, { status, elapsedMs }, async (tx) => {
    await advanceJob(tx, deps.queue, chunk.job_id);
  });
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

async function handleFailure(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  error: unknown,
  elapsedMs: number,
): Promise<void> {
  const label = chunk.label ?? chunk.stream;
  if (error instanceof LeaseLostError) return;

  if (error instanceof BudgetWait || (isProviderError(error) && error.kind === 'rate_limited')) {
    const waitMs = error instanceof BudgetWait ? error.waitMs : (error.retryAfterMs ?? 60_000);
    if (isProviderError(error)) {
      const { provider, external_account_id } = chunk.connection;
      await deps.governor.throttled(provider, budgetKey(provider, external_account_id), waitMs);
    }
    const why =
      error instanceof BudgetWait
        ? 'pacing to stay within the rate budget'
        : 'the provider throttled';
    await requeueRun(
      deps,
      chunk,
      { status: 'RATE_LIMITED', runAfter: new Date(Date.now() + waitMs), elapsedMs },
      (tx) =>
        recordChunkEvent(
          tx,
          chunk,
          'RATE_LIMITED',
          `${label}: ${why}; resuming in ${Math.ceil(waitMs / 1000)} s`,
          { waitMs },
        ),
    );
    return;
  }

  if (isProviderError(error) && error.kind === 'auth_expired') {
    if (await tryRefresh(deps, chunk)) {
      await requeueRun(deps, chunk, { status: 'PENDING', elapsedMs });
      return;
    }
    await withTransaction(deps.pool, async (tx) => {
      await tx.query(
        `UPDATE connections SET status = 'NEEDS_REAUTH', status_message = $2, updated_at = now() WHERE id = $1`,
        [chunk.connection_id, 'The provider rejected the access token; reconnect the account'],
      );
      const released = await releaseOwnRun(tx, deps, chunk, {
        status: 'CANCELLED',
        error: { message: error.message, code: error.code },
        elapsedMs,
      });
      if (!released) return;
      // Pause the connection's running job at its checkpoints (its pending next phase is
      // cancelled with it); resumeSync continues both after re-auth.
      await tx.query(
        `UPDATE sync_jobs SET status = 'CANCELLING', cancel_requested_at = now(),
                error = 'Paused: the connection needs to be re-authorised'
          WHERE connection_id = $1 AND status = 'RUNNING'`,
        [chunk.connection_id],
      );
      await recordChunkEvent(
        tx,
        chunk,
        'AUTH_EXPIRED',
        'The provider rejected the access token; the connection needs re-authorisation',
      );
      await advanceJob(tx, deps.queue, chunk.job_id);
    });
    return;
  }

  if (isProviderError(error) && error.kind === 'request_too_large') {
    const split = await splitChunk(deps, chunk, elapsedMs);
    if (split) return;
  }

  if (
    isProviderError(error) &&
    error.providerCode === 'SyncStateNotFound' &&
    chunk.kind === 'delta'
  ) {
    // The delta token expired: start a fresh baseline round for the folder (re-reads, no gaps).
    await releaseRun(deps, chunk, { status: 'PENDING', elapsedMs }, async (tx, released) => {
      await tx.query(
        `UPDATE sync_chunks SET checkpoint = NULL,
                input_cursor = input_cursor - 'cursor' WHERE id = $1`,
        [chunk.id],
      );
      await enqueueChunks(tx, deps.queue, [released]);
      await recordChunkEvent(
        tx,
        chunk,
        'CHUNK_RETRYING',
        `${label}: change tracking expired; re-reading the folder`,
      );
    });
    return;
  }

  const permanent =
    isProviderError(error) && (error.kind === 'permanent' || error.kind === 'request_too_large');
  const message = error instanceof Error ? error.message : String(error);
  const code = isProviderError(error) ? error.code : 'INTERNAL';
  const attempt = chunk.attempts + 1;
  if (!permanent && attempt < chunk.max_attempts) {
    const delay = nextRetryDelay(deps.config.retry, attempt);
    const retry = {
      status: 'PENDING' as const,
      attemptsDelta: 1,
      runAfter: new Date(Date.now() + delay),
      error: { message, code },
      elapsedMs,
    };
    await requeueRun(deps, chunk, retry, async (tx) => {
      await tx.query('UPDATE sync_jobs SET retries = retries + 1 WHERE id = $1', [chunk.job_id]);
      await recordChunkEvent(
        tx,
        chunk,
        'CHUNK_RETRYING',
        `${label}: attempt ${attempt} of ${chunk.max_attempts} failed (${message}); retrying in ${Math.ceil(delay / 1000)} s`,
      );
    });
    return;
  }
  const failure = {
    status: 'FAILED' as const,
    attemptsDelta: 1,
    error: { message, code },
    elapsedMs,
  };
  await releaseRun(deps, chunk, failure, async (tx) => {
    await recordChunkEvent(tx, chunk, 'CHUNK_FAILED', `${label}: ${message}`, { code });
    await advanceJob(tx, deps.queue, chunk.job_id);
  });
}

async function tryRefresh(deps: EngineDeps, chunk: ClaimedChunk): Promise<boolean> {
  const connection: LoadedConnection = await loadConnection(
    deps.pool,
    deps.secretKey,
    chunk.connection_id,
    deps.config.sandboxUrl,
  );
  const connector = deps.connectors[connection.provider];
  if (!connector.refresh || !connection.credentials.refreshToken) return false;
  try {
    const fresh = await connector.refresh({ ...connection, signal: AbortSignal.timeout(30_000) });
    await storeCredentials(deps.pool, deps.secretKey, connection.id, fresh);
    return true;
  } catch {
    return false;
  }
}
