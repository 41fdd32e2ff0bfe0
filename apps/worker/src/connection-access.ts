import { connectionTarget } from '@tributary/connectors';
import type { ConnectionContext } from '@tributary/core';
import {
  type ConnectionRow,
  openCredentials,
  type Pool,
  type SecretKeys,
  sealCredentials,
} from '@tributary/db';

export type LoadedConnection = ConnectionContext & {
  id: string;
  workspaceId: string;
  status: string;
  accountCreatedAt: Date | null;
};

/** The connection with its credentials opened and its API base URL resolved. */
export async function loadConnection(
  pool: Pool,
  secretKey: SecretKeys,
  connectionId: string,
  sandboxUrl: string | undefined,
): Promise<LoadedConnection> {
  const { rows } = await pool.query<ConnectionRow>(
    `SELECT id, workspace_id, provider, external_account_id, credentials, status, sandbox,
            account_created_at FROM connections WHERE id = $1`,
    [connectionId],
  );
  const row = rows[0];
  if (!row) throw new Error(`connection ${connectionId} not found`);
  return openConnection(row, secretKey, sandboxUrl);
}

/**
 * A connections row (as read, or as returned with a chunk claim) made ready to call the provider.
 * Where it calls comes from its `sandbox` flag and the environment alone, never from the row's
 * settings: a real connection reaches only its provider's official hosts, a sandbox one only the
 * operator's sandbox (TRIBUTARY_SANDBOX_URL).
 */
export async function openConnection(
  row: ConnectionRow,
  secretKey: SecretKeys,
  sandboxUrl: string | undefined,
): Promise<LoadedConnection> {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    provider: row.provider,
    accountId: row.external_account_id,
    credentials: openCredentials(secretKey, row.credentials),
    status: row.status,
    accountCreatedAt: row.account_created_at,
    ...(await connectionTarget(row.provider, row.sandbox, sandboxUrl)),
  };
}

export async function storeCredentials(
  pool: Pool,
  secretKey: SecretKeys,
  connectionId: string,
  credentials: LoadedConnection['credentials'],
): Promise<void> {
  await pool.query('UPDATE connections SET credentials = $2, updated_at = now() WHERE id = $1', [
    connectionId,
    sealCredentials(secretKey, credentials),
  ]);
}
