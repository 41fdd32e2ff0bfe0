import type { Queryable } from '../pool.ts';
import {
  apiKeyDisplayPrefix,
  generateApiKeyToken,
  hashApiKey,
  looksLikeApiKey,
} from './api-key-token.ts';

/** API processes LISTEN here to close the sockets of a revoked key at once. */
export const API_KEY_REVOKED_CHANNEL = 'tributary_api_key_revoked';

/** READ keys may query and subscribe; FULL keys may also mutate. */
export type ApiKeyScope = 'READ' | 'FULL';

export type ApiKeyRow = {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const COLUMNS = `id, workspace_id AS "workspaceId", name, prefix, scope, created_at AS "createdAt",
  expires_at AS "expiresAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** Issues a key (FULL and never expiring unless asked); the plaintext is returned once and never stored. */
export async function createApiKey(
  db: Queryable,
  input: {
    workspaceId: string;
    name: string;
    key?: string;
    scope?: ApiKeyScope;
    expiresAt?: Date | null;
  },
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  const key = input.key ?? generateApiKeyToken();
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scope, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      input.workspaceId,
      input.name,
      apiKeyDisplayPrefix(key),
      hashApiKey(key),
      input.scope ?? 'FULL',
      input.expiresAt ?? null,
    ],
  );
  return { apiKey: rows[0]!, key };
}

/** The live key (not revoked, not expired) with this plaintext, or null. */
export async function findApiKey(db: Queryable, key: string): Promise<ApiKeyRow | null> {
  if (!looksLikeApiKey(key)) return null;
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys
      WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hashApiKey(key)],
  );
  return rows[0] ?? null;
}

export async function listApiKeys(db: Queryable, workspaceId: string): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows;
}

/**
 * Revokes a key of the workspace and notifies every API process (inside the caller's
 * transaction, the NOTIFY goes out only on commit). Null when the workspace has no such key.
 */
export async function revokeApiKey(
  db: Queryable,
  input: { workspaceId: string; id: string },
): Promise<ApiKeyRow | null> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
      WHERE id::text = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`,
    [input.id, input.workspaceId],
  );
  const row = rows[0];
  if (!row) return null;
  await db.query('SELECT pg_notify($1, $2)', [API_KEY_REVOKED_CHANNEL, row.id]);
  return row;
}

/** Marks use, at most once a minute per key, so reads do not turn into a write per request. */
export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
