import { isProviderError, nextRetryDelay, type ProviderError } from '@tributary/core';
import { recordEvent, withTransaction } from '@tributary/db';
import { isTransientProviderError } from './chunk-failure.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey } from './governor.ts';
import { PlanWait } from './plan-call.ts';
import type { JobRow } from './plan-job.ts';

/**
 * Planning is resumable work, not a one-shot call (invariant 3). A wait for the rate budget
 * or an outage queues planning again for when it ends, spending no attempt; a transient
 * failure (5xx, reset, timeout, malformed body) feeds the account's breaker and is retried
 * with backoff, or parked with the connection's chunks if the breaker opened. Only a
 * permanent failure, or one the engine does not understand repeating `maxAttempts` times,
 * fails the job, with a message that says what to do.
 */
export async function planningFailed(deps: EngineDeps, job: JobRow, error: unknown): Promise<void> {
  if (error instanceof PlanWait) {
    await planAgain(deps, job, error.waitMs, { countAttempt: false });
    return;
  }
  if (isTransientProviderError(error)) {
    const { rows } = await deps.pool.query<{
      provider: ProviderError['provider'];
      account: string;
    }>('SELECT provider, external_account_id AS account FROM connections WHERE id = $1', [
      job.connection_id,
    ]);
    const connection = rows[0];
    const breaker = connection
      ? await deps.governor.failed(
          connection.provider,
          budgetKey(connection.provider, connection.account),
          error.message,
        )
      : { opened: false, parkUntilMs: null };
    if (breaker.parkUntilMs !== null) {
      const waitMs = Math.max(0, breaker.parkUntilMs - Date.now());
      await planAgain(deps, job, waitMs, {
        countAttempt: false,
        ...(breaker.opened
          ? {
              event: {
                kind: 'PROVIDER_UNAVAILABLE' as const,
                message: `The provider is failing (${error.message}); planning waits and retries at ${new Date(breaker.parkUntilMs).toISOString()} (in ${Math.ceil(waitMs / 1000)} s), when one request probes it`,
                data: { retryAt: new Date(breaker.parkUntilMs).toISOString(), waitMs },
              },
            }
          : {}),
      });
      return;
    }
    const delay = nextRetryDelay(deps.config.retry, Math.max(1, job.plan_attempts + 1));
    await planAgain(deps, job, delay, {
      countAttempt: true,
      event: {
        kind: 'STATUS_CHANGED',
        message: `Planning: ${error.message}; retrying in ${Math.ceil(delay / 1000)} s`,
      },
    });
    return;
  }
  const permanent = isProviderError(error);
  if (!permanent && job.plan_attempts + 1 < deps.config.maxAttempts) {
    // Not a provider answer (a network stack or database hiccup, a bug): retried a few times.
    const delay = nextRetryDelay(deps.config.retry, job.plan_attempts + 1);
    const message = error instanceof Error ? error.message : String(error);
    await planAgain(deps, job, delay, {
      countAttempt: true,
      event: {
        kind: 'STATUS_CHANGED',
        message: `Planning: ${message}; retrying in ${Math.ceil(delay / 1000)} s`,
      },
    });
    return;
  }
  await failPlanning(deps, job, error);
}

type PlanEvent = {
  kind: 'STATUS_CHANGED' | 'PROVIDER_UNAVAILABLE';
  message: string;
  data?: unknown;
};

async function planAgain(
  deps: EngineDeps,
  job: JobRow,
  waitMs: number,
  options: { countAttempt: boolean; event?: PlanEvent },
): Promise<void> {
  const runAfter = new Date(Date.now() + waitMs);
  await withTransaction(deps.pool, async (tx) => {
    const touched = await tx.query(
      `UPDATE sync_jobs SET plan_attempts = plan_attempts + $2, plan_run_after = $3, updated_at = now()
        WHERE id = $1 AND status IN ('PENDING', 'RUNNING') AND stage IN ('PLAN', 'FANOUT')`,
      [job.id, options.countAttempt ? 1 : 0, runAfter],
    );
    if (!touched.rowCount) return; // cancelled (or planned by another worker) meanwhile
    await deps.queue.send(
      'sync-plan',
      { jobId: job.id },
      { priority: job.priority, startAfter: runAfter },
      tx,
    );
    if (options.event) {
      await recordEvent(tx, {
        workspaceId: job.workspace_id,
        jobId: job.id,
        kind: options.event.kind,
        message: options.event.message,
        ...(options.event.data === undefined ? {} : { data: options.event.data }),
      });
    }
  });
}

/** What the user can do about a planning failure that retrying will not fix. */
function advice(error: unknown): string {
  if (!isProviderError(error)) {
    return 'it kept failing the same way; resume the sync to try again, or report it if it persists';
  }
  switch (error.kind) {
    case 'auth_expired':
      return 'reconnect the account, then press Sync now to continue';
    case 'permanent':
    case 'request_too_large':
      return 'the provider refused the request (check the account id and that the app still has access to it), then start the sync again';
    case 'rate_limited':
    case 'retryable':
    case 'malformed':
      return 'resume the sync to try again';
    default:
      return 'resume the sync to try again';
  }
}

async function failPlanning(deps: EngineDeps, job: JobRow, error: unknown): Promise<void> {
  const message = `Planning failed: ${error instanceof Error ? error.message : String(error)}; ${advice(error)}`;
  await withTransaction(deps.pool, async (tx) => {
    if (isProviderError(error) && error.kind === 'auth_expired') {
      await tx.query(
        `UPDATE connections SET status = 'NEEDS_REAUTH', status_message = $2 WHERE id = $1`,
        [job.connection_id, 'The provider rejected the access token; reconnect the account'],
      );
      await recordEvent(tx, {
        workspaceId: job.workspace_id,
        jobId: job.id,
        kind: 'AUTH_EXPIRED',
        message: 'The provider rejected the access token; the connection needs re-authorisation',
      });
    }
    await tx.query(
      `UPDATE sync_jobs SET status = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`,
      [job.id, message],
    );
    const next = await tx.query<{ id: string }>(
      `UPDATE sync_jobs SET status = 'CANCELLED', finished_at = now(),
              error = 'The previous phase did not complete' WHERE previous_phase_id = $1 AND status = 'PENDING'
       RETURNING id`,
      [job.id],
    );
    // Announced, so live views stop showing the next phase queued.
    for (const { id } of next.rows) {
      await recordEvent(tx, {
        workspaceId: job.workspace_id,
        jobId: id,
        kind: 'STATUS_CHANGED',
        message: 'Not started: the previous phase did not complete',
      });
    }
    await recordEvent(tx, {
      workspaceId: job.workspace_id,
      jobId: job.id,
      kind: 'STATUS_CHANGED',
      message,
    });
  });
}
