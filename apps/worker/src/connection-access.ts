import type { ConnectionContext, ProviderId } from '@tributary/core';
import { type ConnectionRow, openCredentials, type Pool, sealCredentials } from '@tributary/db';

const REAL_BASE_URLS: Record<ProviderId, string> = {
  FACEBOOK_ADS: 'https://graph.facebook.com',
  FACEBOOK_PAGES: 'https://graph.facebook.com',
  MICROSOFT_MAIL: 'https://graph.microsoft.com',
};

export type LoadedConnection = ConnectionContext & {
  id: string;
  workspaceId: string;
  status: string;
  accountCreatedAt: Date | null;
};

const sandboxMaps = new Map<string, Promise<Record<string, string>>>();

/** The connection with its credentials opened and its API base URL resolved. */
export async function loadConnection(
  pool: Pool,
  secretKey: Buffer,
  connectionId: string,
  sandboxUrl: string | undefined,
): Promise<LoadedConnection> {
  const { rows } = await pool.query<ConnectionRow>(
    `SELECT id, workspace_id, provider, external_account_id, credentials, status, sandbox, settings,
            account_created_at FROM connections WHERE id = $1`,
    [connectionId],
  );
  const row = rows[0];
  if (!row) throw new Error(`connection ${connectionId} not found`);
  return openConnection(row, secretKey, sandboxUrl);
}

/** A connections row (as read, or as returned with a chunk claim) made ready to call the provider. */
export async function openConnection(
  row: ConnectionRow,
  secretKey: Buffer,
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
    baseUrl: await baseUrlOf(row.provider, row.sandbox, row.settings, sandboxUrl),
  };
}

async function baseUrlOf(
  provider: ProviderId,
  sandbox: boolean,
  settings: { sandboxBaseUrl?: string; baseUrl?: string },
  sandboxUrl: string | undefined,
): Promise<string> {
  if (!sandbox) return settings.baseUrl ?? REAL_BASE_URLS[provider];
  if (settings.sandboxBaseUrl) return settings.sandboxBaseUrl;
  if (!sandboxUrl) throw new Error('sandbox connection but TRIBUTARY_SANDBOX_URL is not set');
  let map = sandboxMaps.get(sandboxUrl);
  if (!map) {
    map = fetch(new URL('/__sandbox', sandboxUrl))
      .then((r) => r.json() as Promise<{ providers: Record<string, string> }>)
      .then((body) => body.providers);
    sandboxMaps.set(sandboxUrl, map);
    map.catch(() => sandboxMaps.delete(sandboxUrl));
  }
  const url = (await map)[provider];
  if (!url) throw new Error(`the sandbox does not serve ${provider}`);
  return url;
}

export async function storeCredentials(
  pool: Pool,
  secretKey: Buffer,
  connectionId: string,
  credentials: LoadedConnection['credentials'],
): Promise<void> {
  await pool.query('UPDATE connections SET credentials = $2, updated_at = now() WHERE id = $1', [
    connectionId,
    sealCredentials(secretKey, credentials),
  ]);
}
