import type { ProviderId } from '@tributary/core';
import type { Queryable } from '@tributary/db';
import { hashStateToken, newStateToken } from './state-token.ts';

/** How long a sign-in may wait for its account to be picked. */
export const SIGN_IN_TTL_MINUTES = 15;

export type SignInRow = {
  workspaceId: string;
  provider: ProviderId;
  sandbox: boolean;
  credentials: Buffer;
  expiresAt: Date;
};

/**
 * Keeps a finished sign-in's sealed tokens until an account is picked; returns the grant the
 * browser carries back (only its hash is stored, as with OAuth states).
 */
export async function insertSignIn(
  db: Queryable,
  row: Omit<SignInRow, 'expiresAt'>,
): Promise<string> {
  await db.query(`DELETE FROM oauth_sign_ins WHERE expires_at < now()`);
  const grant = newStateToken();
  await db.query(
    `INSERT INTO oauth_sign_ins (grant_hash, workspace_id, provider, sandbox, credentials, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
    [
      hashStateToken(grant),
      row.workspaceId,
      row.provider,
      row.sandbox,
      row.credentials,
      SIGN_IN_TTL_MINUTES,
    ],
  );
  return grant;
}

/** The workspace's unexpired sign-in for a grant; null for another workspace's or a stale one. */
export async function findSignIn(
  db: Queryable,
  workspaceId: string,
  grant: string,
): Promise<SignInRow | null> {
  const { rows } = await db.query<SignInRow>(
    `SELECT workspace_id AS "workspaceId", provider, sandbox, credentials, expires_at AS "expiresAt"
       FROM oauth_sign_ins
      WHERE grant_hash = $1 AND workspace_id = $2 AND expires_at > now()`,
    [hashStateToken(grant), workspaceId],
  );
  return rows[0] ?? null;
}
