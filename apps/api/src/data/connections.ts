import type { ProviderId } from '@tributary/core';
import type { Queryable } from '@tributary/db';
import { isTimeIdCursor, type TimeIdCursor } from '../pagination/keyset.ts';
import { CONNECTION_COLUMNS, type ConnectionRow, type ConnectionStatus } from './rows.ts';

export { isTimeIdCursor };

export async function loadConnections(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<ConnectionRow[]> {
  const { rows } = await db.query<ConnectionRow>(
    `SELECT ${CONNECTION_COLUMNS} FROM connections
      WHERE id = ANY($1::uuid[]) AND workspace_id = $2 AND deleted_at IS NULL`,
    [ids, workspaceId],
  );
  return rows;
}

/** Oldest first, so a new connection appears at the end of a list being paged. */
export async function listConnections(
  db: Queryable,
  workspaceId: string,
  page: { after: TimeIdCursor | null; limit: number },
): Promise<ConnectionRow[]> {
  const { rows } = await db.query<ConnectionRow>(
    `SELECT ${CONNECTION_COLUMNS} FROM connections
      WHERE workspace_id = $1 AND deleted_at IS NULL
        AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
      ORDER BY created_at, id LIMIT $4`,
    [workspaceId, page.after?.[0] ?? null, page.after?.[1] ?? null, page.limit],
  );
  return rows;
}

export async function countConnections(db: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM connections WHERE workspace_id = $1 AND deleted_at IS NULL',
    [workspaceId],
  );
  return rows[0]!.n;
}

export async function listActiveConnectionIds(
  db: Queryable,
  workspaceId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM connections WHERE workspace_id = $1 AND deleted_at IS NULL AND status = 'ACTIVE'
      ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows.map((row) => row.id);
}

export type NewConnection = {
  workspaceId: string;
  provider: ProviderId;
  externalAccountId: string;
  displayName: string;
  credentials: Buffer;
  sandbox: boolean;
  scheduleMinutes: number;
};

/** Null when the workspace already connected this account. */
export async function insertConnection(
  db: Queryable,
  input: NewConnection,
): Promise<ConnectionRow | null> {
  const { rows } = await db.query<ConnectionRow>(
    `INSERT INTO connections (workspace_id, provider, external_account_id, display_name, credentials,
                              sandbox, schedule_minutes, next_sync_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)
     ON CONFLICT (workspace_id, provider, external_account_id) DO NOTHING
     RETURNING ${CONNECTION_COLUMNS}`,
    [
      input.workspaceId,
      input.provider,
      input.externalAccountId,
      input.displayName,
      input.credentials,
      input.sandbox,
      input.scheduleMinutes,
    ],
  );
  return rows[0] ?? null;
}

/** The workspace's connection for a provider account. */
export async function findConnectionByAccount(
  db: Queryable,
  workspaceId: string,
  provider: ProviderId,
  externalAccountId: string,
): Promise<ConnectionRow | null> {
  const { rows } = await db.query<ConnectionRow>(
    `SELECT ${CONNECTION_COLUMNS} FROM connections
      WHERE workspace_id = $1 AND provider = $2 AND external_account_id = $3 AND deleted_at IS NULL`,
    [workspaceId, provider, externalAccountId],
  );
  return rows[0] ?? null;
}

export type ConnectionPatch = {
  displayName?: string;
  scheduleMinutes?: number;
  settings?: Record<string, unknown>;
  status?: ConnectionStatus;
  statusMessage?: string | null;
  credentials?: Buffer;
};

export async function updateConnection(
  db: Queryable,
  workspaceId: string,
  id: string,
  patch: ConnectionPatch,
): Promise<ConnectionRow | null> {
  const { rows } = await db.query<ConnectionRow>(
    `UPDATE connections SET
        display_name = COALESCE($3, display_name),
        schedule_minutes = COALESCE($4, schedule_minutes),
        -- a new schedule takes effect from the last sync, not from the next planned one
        -- 0 is "off": no next time at all, so the schedule tick never picks it
        next_sync_at = CASE WHEN $4::int IS NULL THEN next_sync_at
                            WHEN $4::int = 0 THEN NULL
                            WHEN last_sync_at IS NULL THEN next_sync_at
                            ELSE last_sync_at + make_interval(mins => $4::int) END,
        settings = COALESCE($5::jsonb, settings),
        status = COALESCE($6::"ConnectionStatus", status),
        status_message = CASE WHEN $7::boolean THEN $8 ELSE status_message END,
        credentials = COALESCE($9, credentials),
        updated_at = now()
      WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL
      RETURNING ${CONNECTION_COLUMNS}`,
    [
      id,
      workspaceId,
      patch.displayName ?? null,
      patch.scheduleMinutes ?? null,
      patch.settings === undefined ? null : JSON.stringify(patch.settings),
      patch.status ?? null,
      patch.statusMessage !== undefined,
      patch.statusMessage ?? null,
      patch.credentials ?? null,
    ],
  );
  return rows[0] ?? null;
}

export type PhaseCompletion = { connectionId: string; phase: string; finishedAt: Date };

/** When each connection last finished each phase (SUCCEEDED or COMPLETED_WITH_ERRORS). */
export async function loadPhaseCompletion(
  db: Queryable,
  connectionIds: readonly string[],
): Promise<PhaseCompletion[]> {
  const { rows } = await db.query<PhaseCompletion>(
    `SELECT connection_id AS "connectionId", phase, max(finished_at) AS "finishedAt"
       FROM sync_jobs
      WHERE connection_id = ANY($1::uuid[]) AND status IN ('SUCCEEDED', 'COMPLETED_WITH_ERRORS')
      GROUP BY connection_id, phase`,
    [connectionIds],
  );
  return rows;
}
