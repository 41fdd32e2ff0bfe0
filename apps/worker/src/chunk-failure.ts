import {
  attemptsAfterFailure,
  isProviderError,
  nextRetryDelay,
  type ProviderError,
  retryAttemptNumber,
} from '@tributary/core';
import {
  advanceJob,
  type ClaimedChunk,
  enqueueChunks,
  LeaseLostError,
  type PoolClient,
  withTransaction,
} from '@tributary/db';
import { type LoadedConnection, loadConnection, storeCredentials } from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey } from './governor.ts';
import { recordChunkEvent, releaseOwnRun, releaseRun, requeueRun } from './release-run.ts';
import { splitChunk } from './split-chunk.ts';

/**
 * The chunk must wait longer than a worker should sleep holding it: for the rate budget, or
 * (`outage`) for its provider account's breaker to let a probe through.
 */
export class BudgetWait extends Error {
  constructor(
    readonly waitMs: number,
    readonly outage = false,
  ) {
    super(
      outage
        ? `provider unavailable: next probe in ${waitMs} ms`
        : `rate budget: next slot in ${waitMs} ms`,
    );
  }
}

/** Stored as the parked chunk's last_error_code, so an ended outage can wake exactly those. */
export const OUTAGE_CODE = 'PROVIDER_UNAVAILABLE';

/** Failures that say the provider is having a bad minute, not that the request is wrong. */
export function isTransientProviderError(error: unknown): error is ProviderError {
  return isProviderError(error) && (error.kind === 'retryable' || error.kind === 'malformed');
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
  /** This run committed at least one page before it failed. */
  progressed = false,
): Promise<void> {
  const label = chunk.label ?? chunk.stream;
  if (error instanceof LeaseLostError) return;
  // A run that moved the chunk forward gives back the attempts it had used (attempts.ts).
  const noProgressDelta = progressed ? -chunk.attempts : 0;

  if (error instanceof BudgetWait && error.outage) {
    await parkForOutage(deps, chunk, error.waitMs, elapsedMs, noProgressDelta, null);
    return;
  }

  if (isTransientProviderError(error)) {
    const { provider, external_account_id } = chunk.connection;
    // The breaker sits beside the budget the chunk's requests draw from (its rate bucket).
    const breaker = await deps.governor.failed(
      provider,
      budgetKey(provider, external_account_id, chunk.kind),
      error.message,
    );
    if (breaker.parkUntilMs !== null) {
      const waitMs = Math.max(0, breaker.parkUntilMs - Date.now());
      await parkForOutage(
        deps,
        chunk,
        waitMs,
        elapsedMs,
        // The failures that opened the breaker were the outage's, this chunk's among them.
        breaker.firstOpening ? -chunk.attempts : noProgressDelta,
        breaker.opened ? error.message : null,
        breaker.firstOpening,
      );
      return;
    }
  }

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
      {
        status: 'RATE_LIMITED',
        runAfter: new Date(Date.now() + waitMs),
        attemptsDelta: noProgressDelta,
        elapsedMs,
      },
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
      await requeueRun(deps, chunk, {
        status: 'PENDING',
        attemptsDelta: noProgressDelta,
        elapsedMs,
      });
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
  const { attempts, exhausted } = attemptsAfterFailure({
    attempts: chunk.attempts,
    progressed,
    maxAttempts: chunk.max_attempts,
  });
  const attemptsDelta = attempts - chunk.attempts;
  if (!permanent && !exhausted) {
    const delay = nextRetryDelay(deps.config.retry, retryAttemptNumber(attempts));
    const retry = {
      status: 'PENDING' as const,
      attemptsDelta,
      runAfter: new Date(Date.now() + delay),
      error: { message, code },
      elapsedMs,
    };
    const counted = progressed
      ? 'failed after progress (no attempt used)'
      : `attempt ${attempts} of ${chunk.max_attempts} failed`;
    await requeueRun(deps, chunk, retry, async (tx) => {
      await tx.query('UPDATE sync_jobs SET retries = retries + 1 WHERE id = $1', [chunk.job_id]);
      await recordChunkEvent(
        tx,
        chunk,
        'CHUNK_RETRYING',
        `${label}: ${counted} (${message}); retrying in ${Math.ceil(delay / 1000)} s`,
      );
    });
    return;
  }
  const failure = {
    status: 'FAILED' as const,
    attemptsDelta,
    error: { message, code },
    elapsedMs,
  };
  await releaseRun(deps, chunk, failure, async (tx) => {
    await recordChunkEvent(tx, chunk, 'CHUNK_FAILED', `${label}: ${message}`, { code });
    await advanceJob(tx, deps.queue, chunk.job_id);
  });
}

/**
 * Outage parking: the chunk waits for its account's breaker (like a rate-limited chunk, no
 * attempt spent) and resumes from its checkpoint when the probe says the provider is back.
 * The failure that opened the breaker (`openedBy`) reports it on the job.
 */
async function parkForOutage(
  deps: EngineDeps,
  chunk: ClaimedChunk,
  waitMs: number,
  elapsedMs: number,
  attemptsDelta: number,
  openedBy: string | null,
  /** The breaker was closed until this failure: give back the attempts the outage took. */
  outageBegan = false,
): Promise<void> {
  const runAfter = new Date(Date.now() + waitMs);
  const park = {
    status: 'RATE_LIMITED' as const,
    runAfter,
    attemptsDelta,
    error: { message: openedBy ?? 'Waiting for the provider to answer again', code: OUTAGE_CODE },
    elapsedMs,
  };
  await requeueRun(deps, chunk, park, async (tx) => {
    if (outageBegan) await refundOutageAttempts(tx, chunk);
    if (openedBy === null) return;
    await recordChunkEvent(
      tx,
      chunk,
      'PROVIDER_UNAVAILABLE',
      `The provider is failing (${openedBy}); the connection's chunks wait and retry at ${runAfter.toISOString()} (in ${Math.ceil(waitMs / 1000)} s), when one request probes it`,
      { retryAt: runAfter.toISOString(), waitMs },
    );
  });
}

/**
 * The breaker opens only after several transient failures, and those came from chunks that are
 * now waiting to retry with an attempt spent: the outage's failures, not theirs. Without this a
 * chunk whose own retries were the failures that opened the breaker would reach its attempt
 * limit on the first failure after the outage (seen in a chaos run: attempts 1 and 2 in the
 * outage's first second, attempt 3 on a stray 5xx after the probe closed it). Only at the first
 * opening since the breaker closed: a failed probe re-opening it gives nothing back.
 */
async function refundOutageAttempts(
  tx: PoolClient,
  chunk: Pick<ClaimedChunk, 'id' | 'connection_id'>,
): Promise<void> {
  await tx.query(
    `UPDATE sync_chunks SET attempts = 0
      WHERE connection_id = $1 AND id <> $2 AND status = 'PENDING' AND attempts > 0
        AND last_error_code ~ ':(retryable|malformed)(:|$)'`,
    [chunk.connection_id, chunk.id],
  );
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
