import type { ProviderId } from '@tributary/core';
import type { Queryable } from '@tributary/db';
import { hashStateToken } from './state-token.ts';

/** A flow that may be resumed exactly once, within its lifetime. */
export const STATE_TTL_MINUTES = 10;

export type OAuthStateRow = {
  workspaceId: string;
  provider: ProviderId;
  /** Null: sign in first; the callback keeps the sign-in for the user to pick an account. */
  externalAccountId: string | null;
  displayName: string | null;
  sandbox: boolean;
  returnTo: string;
  redirectUri: string;
};

const COLUMNS = `workspace_id AS "workspaceId", provider, external_account_id AS "externalAccountId",
  display_name AS "displayName", sandbox, return_to AS "returnTo", redirect_uri AS "redirectUri"`;

export async function insertOAuthState(
  db: Queryable,
  state: string,
  row: OAuthStateRow,
): Promise<void> {
  // Abandoned flows are dead after ten minutes; sweep old ones here instead of in a cron.
  await db.query(`DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'`);
  await db.query(
    `INSERT INTO oauth_states (state_hash, workspace_id, provider, external_account_id, display_name,
                               sandbox, return_to, redirect_uri, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(mins => $9))`,
    [
      hashStateToken(state),
      row.workspaceId,
      row.provider,
      row.externalAccountId,
      row.displayName,
      row.sandbox,
      row.returnTo,
      row.redirectUri,
      STATE_TTL_MINUTES,
    ],
  );
}

export type ConsumedState =
  | { ok: true; state: OAuthStateRow }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks the state used and returns what it binds; a second call for the same state fails. */
export async function consumeOAuthState(db: Queryable, state: string): Promise<ConsumedState> {
  const hash = hashStateToken(state);
  const { rows } = await db.query<OAuthStateRow>(
    `UPDATE oauth_states SET used_at = now()
      WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now()
      RETURNING ${COLUMNS}`,
    [hash],
  );
  if (rows[0]) return { ok: true, state: rows[0] };
  const { rows: known } = await db.query<{ used: boolean }>(
    'SELECT used_at IS NOT NULL AS used FROM oauth_states WHERE state_hash = $1',
    [hash],
  );
  if (!known[0]) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: known[0].used ? 'used' : 'expired' };
}
