import type { Queryable } from '../pool.ts';

export type AuditEventRow = {
  id: string;
  workspaceId: string;
  apiKeyId: string | null;
  actor: string;
  action: string;
  targetIds: string[];
  outcome: string;
  createdAt: Date;
};

const COLUMNS = `id, workspace_id AS "workspaceId", api_key_id AS "apiKeyId", actor, action,
  COALESCE(target_ids, ARRAY[]::text[]) AS "targetIds", outcome, created_at AS "createdAt"`;

/** Appends one executed mutation to the workspace's log. Callers pass ids, never argument values. */
export async function recordAuditEvent(
  db: Queryable,
  input: {
    workspaceId: string;
    apiKeyId: string | null;
    actor: string;
    action: string;
    targetIds: string[];
    outcome: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (workspace_id, api_key_id, actor, action, target_ids, outcome)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [input.workspaceId, input.apiKeyId, input.actor, input.action, input.targetIds, input.outcome],
  );
}

/** Newest first; `before` is the (createdAt, id) of the last row already seen. */
export async function listAuditEvents(
  db: Queryable,
  workspaceId: string,
  page: { limit: number; before: { at: Date; id: string } | null },
): Promise<AuditEventRow[]> {
  const { rows } = await db.query<AuditEventRow>(
    `SELECT ${COLUMNS} FROM audit_events
      WHERE workspace_id = $1
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [workspaceId, page.before?.at ?? null, page.before?.id ?? null, page.limit],
  );
  return rows;
}
