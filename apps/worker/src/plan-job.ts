import {
  fanOutFacebookAds,
  fanOutMailFolder,
  isProviderError,
  mailWindows,
  type PlanContext,
  type PlannedChunk,
  planFacebookAds,
  planFacebookPages,
  planMicrosoftMail,
  type StreamStateView,
} from '@tributary/core';
import { advanceJob, recordEvent, withTransaction } from '@tributary/db';
import { type LoadedConnection, loadConnection } from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey } from './governor.ts';
import { insertChunks } from './insert-chunks.ts';

type JobRow = {
  id: string;
  workspace_id: string;
  connection_id: string;
  mode: PlanContext['mode'];
  phase: PlanContext['phase'];
  status: string;
  stage: string;
  priority: number;
  streams: string[] | null;
  window_start: Date | null;
  window_end: Date | null;
};

/**
 * Plans a job's chunks: at its start (asking the provider for the account's creation date the
 * first time), and again after structure discovery to fan out the chunks that need it.
 */
export async function planJob(deps: EngineDeps, jobId: string): Promise<void> {
  const { pool } = deps;
  const { rows } = await pool.query<JobRow>('SELECT * FROM sync_jobs WHERE id = $1', [jobId]);
  const job = rows[0];
  if (!job || !['PENDING', 'RUNNING'].includes(job.status)) return;
  if (job.stage !== 'PLAN' && job.stage !== 'FANOUT') return;
  const log = deps.logger.child({ jobId, connectionId: job.connection_id });
  // Marks planning as alive, so upkeep does not re-queue it while it runs.
  await pool.query('UPDATE sync_jobs SET updated_at = now() WHERE id = $1', [jobId]);
  try {
    const connection = await loadConnection(
      pool,
      deps.secretKey,
      job.connection_id,
      deps.config.sandboxUrl,
    );
    const accountCreatedAt =
      connection.accountCreatedAt ?? (await describeAccount(deps, connection));
    const context = await planContext(deps, job, accountCreatedAt);
    let chunks: PlannedChunk[] = [];
    let nextStage = 'RUN';
    if (job.stage === 'PLAN') {
      const plan =
        connection.provider === 'FACEBOOK_ADS'
          ? planFacebookAds(context)
          : connection.provider === 'FACEBOOK_PAGES'
            ? planFacebookPages(context)
            : planMicrosoftMail(context);
      chunks = plan.chunks;
      if (plan.fanOut && chunks.length === 0)
        chunks = await fanOut(deps, connection, context, job.id);
      else if (plan.fanOut) nextStage = 'DISCOVER';
    } else {
      chunks = await fanOut(deps, connection, context, job.id);
    }
    await withTransaction(pool, async (tx) => {
      const locked = await tx.query<{ status: string; stage: string }>(
        'SELECT status, stage FROM sync_jobs WHERE id = $1 FOR UPDATE',
        [jobId],
      );
      const current = locked.rows[0];
      // Planned twice (a redelivered queue job) or cancelled meanwhile: nothing to add.
      if (
        !current ||
        current.stage !== job.stage ||
        !['PENDING', 'RUNNING'].includes(current.status)
      )
        return;
      const count = await insertChunks(
        tx,
        deps.queue,
        { id: job.id, connectionId: job.connection_id },
        chunks,
        { maxAttempts: deps.config.maxAttempts, lanes: deps.config.connectionConcurrency },
      );
      await tx.query(
        `UPDATE sync_jobs SET status = 'RUNNING', stage = $2, started_at = COALESCE(started_at, now()),
                current_activity = $3, updated_at = now()
          WHERE id = $1`,
        [job.id, nextStage, chunks[0]?.label ?? null],
      );
      await recordEvent(tx, {
        workspaceId: job.workspace_id,
        jobId: job.id,
        kind: 'STATUS_CHANGED',
        message:
          job.stage === 'PLAN'
            ? `Started: ${count} ${count === 1 ? 'chunk' : 'chunks'} planned${nextStage === 'DISCOVER' ? ' (more after discovery)' : ''}`
            : `Discovery done: ${count} more ${count === 1 ? 'chunk' : 'chunks'} planned`,
      });
      if (count === 0) await advanceJob(tx, deps.queue, job.id);
    });
  } catch (error) {
    log.warn({ err: error }, 'planning failed');
    await planningFailed(deps, job, error);
  }
}

async function describeAccount(deps: EngineDeps, connection: LoadedConnection): Promise<Date> {
  const info = await throttleAware(deps, connection, () =>
    deps.connectors[connection.provider].describeAccount({
      ...connection,
      signal: AbortSignal.timeout(60_000),
    }),
  );
  await deps.pool.query(
    'UPDATE connections SET account_created_at = $2, updated_at = now() WHERE id = $1',
    [connection.id, info.createdAt],
  );
  return info.createdAt;
}

async function planContext(
  deps: EngineDeps,
  job: JobRow,
  accountCreatedAt: Date,
): Promise<PlanContext> {
  const states = await deps.pool.query<{
    stream: string;
    cursor: StreamStateView['cursor'];
    watermark: Date | null;
  }>('SELECT stream, cursor, watermark FROM stream_states WHERE connection_id = $1', [
    job.connection_id,
  ]);
  return {
    mode: job.mode,
    phase: job.phase,
    now: new Date(),
    accountCreatedAt,
    customWindow:
      job.window_start && job.window_end ? { start: job.window_start, end: job.window_end } : null,
    streams: job.streams && job.streams.length > 0 ? job.streams : null,
    streamStates: Object.fromEntries(
      states.rows.map((s) => [s.stream, { cursor: s.cursor, watermark: s.watermark }]),
    ),
    basePriority: job.priority,
  };
}

async function fanOut(
  deps: EngineDeps,
  connection: LoadedConnection,
  context: PlanContext,
  jobId: string,
): Promise<PlannedChunk[]> {
  const live = (stream: string) =>
    deps.pool.query<{ external_id: string; name: string | null }>(
      `SELECT external_id, data->>'displayName' AS name FROM records
        WHERE connection_id = $1 AND stream = $2 AND deleted_at IS NULL ORDER BY external_id`,
      [connection.id, stream],
    );
  if (connection.provider === 'FACEBOOK_ADS') {
    const [campaign, adset, ad] = await Promise.all([
      live('campaigns'),
      live('adsets'),
      live('ads'),
    ]);
    return fanOutFacebookAds(context, {
      campaign: campaign.rows.map((r) => r.external_id),
      adset: adset.rows.map((r) => r.external_id),
      ad: ad.rows.map((r) => r.external_id),
    });
  }
  if (connection.provider === 'MICROSOFT_MAIL') {
    await dropMessagesOfDeletedFolders(deps, connection.id, jobId);
    const folders = (await live('mail_folders')).rows;
    const windows = mailWindows(context);
    const connector = deps.connectors.MICROSOFT_MAIL;
    const chunks: PlannedChunk[] = [];
    for (const folder of folders) {
      const counts: number[] = [];
      for (const window of windows) {
        const count = await throttleAware(
          deps,
          connection,
          () =>
            connector.estimate?.({
              ...connection,
              chunk: {
                stream: 'messages',
                kind: 'window',
                windowStart: window.start,
                windowEnd: window.end,
                params: { folderId: folder.external_id },
              },
              signal: AbortSignal.timeout(60_000),
            }) ?? Promise.resolve(undefined),
        );
        counts.push(count ?? 0);
      }
      chunks.push(
        ...fanOutMailFolder(
          context,
          { id: folder.external_id, name: folder.name ?? folder.external_id },
          windows,
          counts,
        ),
      );
    }
    return chunks;
  }
  return [];
}

/**
 * A planning call through the governor. Planning makes several calls in a row (one `$count`
 * per folder and window), so a throttle is waited out here instead of restarting planning,
 * which would spend the same budget again and could never finish under a tight limit.
 */
async function throttleAware<T>(
  deps: EngineDeps,
  connection: LoadedConnection,
  call: () => Promise<T>,
): Promise<T> {
  const key = budgetKey(connection.provider, connection.accountId);
  for (let attempt = 0; ; attempt++) {
    await deps.governor.acquire(connection.provider, key, 60_000);
    try {
      return await call();
    } catch (error) {
      const throttled = isProviderError(error) && error.kind === 'rate_limited';
      const waitMs = throttled ? (error.retryAfterMs ?? 1000) : Number.POSITIVE_INFINITY;
      if (waitMs > 60_000 || attempt >= 20) throw error;
      await deps.governor.throttled(connection.provider, key, waitMs);
    }
  }
}

async function planningFailed(deps: EngineDeps, job: JobRow, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (isProviderError(error) && error.kind === 'rate_limited') {
    const startAfter = new Date(Date.now() + (error.retryAfterMs ?? 60_000));
    await deps.queue.send('sync-plan', { jobId: job.id }, { priority: job.priority, startAfter });
    return;
  }
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
      [job.id, `Planning failed: ${message}`],
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
      message: `Planning failed: ${message}`,
    });
  });
}

/**
 * A folder the listing no longer returned was deleted at the provider with everything in it,
 * and its delta link is dead: its stored messages are marked deleted too (counted on the job).
 */
async function dropMessagesOfDeletedFolders(
  deps: EngineDeps,
  connectionId: string,
  jobId: string,
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const dropped = await tx.query(
      `UPDATE records m SET deleted_at = now(), modified_at = now(), seq = nextval('records_seq_seq')
        WHERE m.connection_id = $1 AND m.stream = 'messages' AND m.deleted_at IS NULL
          AND m.data->>'parentFolderId' IN (
                SELECT external_id FROM records
                 WHERE connection_id = $1 AND stream = 'mail_folders' AND deleted_at IS NOT NULL)`,
      [connectionId],
    );
    if (dropped.rowCount) {
      await tx.query('UPDATE sync_jobs SET deleted = deleted + $2 WHERE id = $1', [
        jobId,
        dropped.rowCount,
      ]);
    }
  });
}
