import { isProviderError, nextRetryDelay } from '@tributary/core';
import {
  advanceJob,
  type ClaimedChunk,
  enqueueChunks,
  LeaseLostError,
  withTransaction,
} from '@tributary/db';
import { type LoadedConnection, loadConnection, storeCredentials } from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey } from './governor.ts';
import { recordChunkEvent, releaseOwnRun, releaseRun, requeueRun } from './release-run.ts';
import { splitChunk } from './split-chunk.ts';

/** The chunk must wait for the rate budget longer than a worker should sleep holding it. */
export class BudgetWait extends Error {
  constructor(readonly waitMs: number) {
    super(`rate budget: next slot in ${waitMs} ms`);
  }
}

/**
 * Decides a chunk's fate after its run threw: rescheduled for the rate budget (no attempt
 * spent), refreshed or paused for auth, split when too large, re-baselined when a delta token
 * expired, retried with backoff, or failed for good with its error and checkpoint kept.
 */
export async function handleFailure(
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
      await deps.governor.throttled(
        provider,
        budgetKey(provider, external_account_id, chunk.kind),
        waitMs,
      );
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
