import {
  fanOutFacebookAds,
  fanOutMailFolder,
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
import { insertChunks } from './insert-chunks.ts';
import { planCall } from './plan-call.ts';
import { planningFailed } from './planning-failed.ts';

export type JobRow = {
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
  plan_attempts: number;
  plan_checkpoint: PlanCheckpoint | null;
};

/** Counts learned by earlier planning runs, by `folderId#windowIndex` (they only size chunks). */
type PlanCheckpoint = { counts?: Record<string, number> };

/** A walk stores what it learned at most every this many calls (and when it fails). */
const CHECKPOINT_EVERY = 10;

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
  // Marks planning as alive while it runs (a long walk included), so upkeep does not queue it
  // again; if this worker dies, the mark goes stale and recoverPlanning takes over.
  const alive = () => pool.query('UPDATE sync_jobs SET updated_at = now() WHERE id = $1', [jobId]);
  await alive();
  const heartbeat = setInterval(
    () => {
      alive().catch(() => {});
    },
    Math.max(250, Math.floor(deps.config.leaseMs / 3)),
  );
  try {
    const connection = {
      ...(await loadConnection(pool, deps.secretKey, job.connection_id, deps.config.sandboxUrl)),
      ...(deps.config.requestTimeoutMs ? { requestTimeoutMs: deps.config.requestTimeoutMs } : {}),
    };
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
      if (plan.fanOut && chunks.length === 0) chunks = await fanOut(deps, connection, context, job);
      else if (plan.fanOut) nextStage = 'DISCOVER';
    } else {
      chunks = await fanOut(deps, connection, context, job);
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
        {
          maxAttempts: deps.config.maxAttempts,
          lanes: deps.config.connectionLimits[connection.provider],
        },
      );
      await tx.query(
        `UPDATE sync_jobs SET status = 'RUNNING', stage = $2, started_at = COALESCE(started_at, now()),
                current_activity = $3, plan_attempts = 0, plan_run_after = NULL,
                plan_checkpoint = NULL, updated_at = now()
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
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * Where the account's history starts. No deadline on the whole call: a describe that pages
 * (a Messenger Page's conversations) takes as long as its pages take, each page under the
 * per-request timeout, while the heartbeat keeps planning's claim alive.
 */
async function describeAccount(deps: EngineDeps, connection: LoadedConnection): Promise<Date> {
  const info = await planCall(deps, connection, (context) =>
    deps.connectors[connection.provider].describeAccount(context),
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
  job: JobRow,
): Promise<PlannedChunk[]> {
  const jobId = job.id;
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
    // Counted so far, by this run or an earlier one that failed part way (a window shifted by
    // the minutes in between is sized by its earlier count: counts only size chunks).
    const known: Record<string, number> = { ...(job.plan_checkpoint?.counts ?? {}) };
    let unsaved = 0;
    const save = () =>
      deps.pool.query('UPDATE sync_jobs SET plan_checkpoint = $2 WHERE id = $1', [
        jobId,
        { counts: known },
      ]);
    try {
      for (const folder of folders) {
        const counts: number[] = [];
        for (const [index, window] of windows.entries()) {
          const key = `${folder.external_id}#${index}`;
          const stored = known[key];
          if (stored !== undefined) {
            counts.push(stored);
            continue;
          }
          const count = await planCall(
            deps,
            connection,
            (context) =>
              connector.estimate?.({
                ...context,
                chunk: {
                  stream: 'messages',
                  kind: 'window',
                  windowStart: window.start,
                  windowEnd: window.end,
                  params: { folderId: folder.external_id },
                },
              }) ?? Promise.resolve(undefined),
          );
          known[key] = count ?? 0;
          counts.push(count ?? 0);
          if (++unsaved >= CHECKPOINT_EVERY) {
            await save();
            unsaved = 0;
          }
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
    } catch (error) {
      // Keep what this run learned: the retry continues from here.
      if (unsaved > 0) await save().catch(() => {});
      throw error;
    }
    return chunks;
  }
  return [];
}

/**
 * A folder the listing no longer returned was deleted at the provider with everything in it,
 * and its delta link is dead: its stored messages are marked deleted too (counted on the job).
 * Only folders deleted since the last successful sync started (the folders' watermark) can
 * still have live messages: that sync's planning dropped the messages of every folder deleted
 * before. Usually there is none, and the scan of every stored message (~70 ms for 5,000, on
 * every incremental sync) is skipped.
 */
async function dropMessagesOfDeletedFolders(
  deps: EngineDeps,
  connectionId: string,
  jobId: string,
): Promise<void> {
  const { rows: deleted } = await deps.pool.query<{ external_id: string }>(
    `SELECT f.external_id FROM records f
       LEFT JOIN stream_states s ON s.connection_id = f.connection_id AND s.stream = 'mail_folders'
      WHERE f.connection_id = $1 AND f.stream = 'mail_folders' AND f.deleted_at IS NOT NULL
        AND (s.watermark IS NULL OR f.deleted_at >= s.watermark)`,
    [connectionId],
  );
  if (deleted.length === 0) return;
  await withTransaction(deps.pool, async (tx) => {
    // Take the transaction id before the first seq: API readers bound the seqs a transaction
    // they cannot see yet may commit by the sequence's value when it started (data/records.ts).
    await tx.query('SELECT pg_current_xact_id()');
    const dropped = await tx.query(
      `UPDATE records m SET deleted_at = now(), modified_at = now(), seq = nextval('records_seq_seq')
        WHERE m.connection_id = $1 AND m.stream = 'messages' AND m.deleted_at IS NULL
          AND m.data->>'parentFolderId' = ANY($2::text[])`,
      [connectionId, deleted.map((folder) => folder.external_id)],
    );
    if (dropped.rowCount) {
      await tx.query('UPDATE sync_jobs SET deleted = deleted + $2 WHERE id = $1', [
        jobId,
        dropped.rowCount,
      ]);
    }
  });
}
