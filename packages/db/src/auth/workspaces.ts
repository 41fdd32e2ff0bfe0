import type { Queryable } from '../pool.ts';

export type WorkspaceRow = { id: string; name: string; createdAt: Date };

export async function createWorkspace(
  db: Queryable,
  input: { name: string; id?: string },
): Promise<WorkspaceRow> {
  const { rows } = await db.query<WorkspaceRow>(
    `INSERT INTO workspaces (id, name) VALUES (COALESCE($1::uuid, gen_random_uuid()), $2)
     RETURNING id, name, created_at AS "createdAt"`,
    [input.id ?? null, input.name],
  );
  return rows[0]!;
}
