import type { Queryable } from '@tributary/db';

const EVERY_ROW = (table: string, where: string) =>
  `SELECT count(*)::int AS n,
          md5(coalesce(string_agg(r, ',' ORDER BY r), '')) AS digest
     FROM (SELECT (to_jsonb(t) - 'last_used_at' - 'percent_floor')::text AS r FROM "${table}" t ${where}) rows`;

/**
 * Every row of every table, as one digest per table: "nothing changed" is equality of two
 * snapshots. Left out: the audit log (it records attempts, by design) and keys' last-used
 * time (any request bumps it), and a job's percent floor (reading progress keeps the highest percent
 * shown, so percent never goes backwards: display state, not data). With `workspaceId`, only that workspace's rows and the rows
 * hanging off its connections.
 */
export async function databaseSnapshot(
  db: Queryable,
  scope: { workspaceId?: string } = {},
): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string; columns: string[] }>(
    `SELECT c.table_name AS name, array_agg(c.column_name::text) AS columns
       FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.table_name NOT IN ('_prisma_migrations', 'audit_events')
      GROUP BY c.table_name ORDER BY c.table_name`,
  );
  const snapshot: Record<string, string> = {};
  for (const { name, columns } of tables) {
    let where = '';
    if (scope.workspaceId) {
      if (name === 'workspaces') where = 'WHERE t.id = $1';
      else if (columns.includes('workspace_id')) where = 'WHERE t.workspace_id = $1';
      else if (columns.includes('connection_id'))
        where = 'WHERE t.connection_id IN (SELECT id FROM connections WHERE workspace_id = $1)';
      else continue;
    }
    const { rows } = await db.query<{ n: number; digest: string }>(
      EVERY_ROW(name, where),
      scope.workspaceId ? [scope.workspaceId] : [],
    );
    snapshot[name] = `${rows[0]!.n} rows ${rows[0]!.digest}`;
  }
  if (!scope.workspaceId) {
    // Jobs queued for the worker: a refused startSync must queue nothing.
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name NOT LIKE '\\_\\_%'`,
    );
    snapshot['pgboss.job'] = `${rows[0]!.n} jobs`;
  }
  return snapshot;
}
