import { createHmac } from 'node:crypto';
import { API_KEY_PREFIX, hashApiKey } from '../auth/api-key-token.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { type Pool, withTransaction } from '../pool.ts';
import { sealCredentials } from '../secrets/credentials.ts';

/** Fixed so every restart finds the same demo workspace. */
export const DEMO_WORKSPACE_ID = '00000000-0000-4000-8000-00000000d3e0';
const DEMO_LOCK = 0x7472_6264; // advisory lock: concurrent start-ups seed once

const DEMO_ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', accountId: 'act_1001', displayName: 'Sandbox ad account act_1001' },
  { provider: 'FACEBOOK_PAGES', accountId: 'page_2001', displayName: 'Sandbox page page_2001' },
  { provider: 'MICROSOFT_MAIL', accountId: 'user_3001', displayName: 'Sandbox mailbox user_3001' },
] as const;

/**
 * Creates (or finds) the demo workspace with the three sandbox accounts connected and returns
 * a usable API key. The key is derived from the secret key (HMAC), so a restart prints the
 * same key without storing it anywhere but as a hash; if it was revoked, the next derivation
 * is issued instead. The connections are `sandbox`: the worker sends them to the sandbox the
 * operator configured (TRIBUTARY_SANDBOX_URL), so nothing about where they call is stored.
 */
export async function seedDemoWorkspace(
  pool: Pool,
  options: { secretKey: Buffer },
): Promise<{ workspaceId: string; apiKey: string }> {
  return withTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    await tx.query(
      `INSERT INTO workspaces (id, name) VALUES ($1, 'Demo workspace') ON CONFLICT (id) DO NOTHING`,
      [DEMO_WORKSPACE_ID],
    );
    for (const account of DEMO_ACCOUNTS) {
      const credentials = sealCredentials(options.secretKey, {
        accessToken: `sandbox-token-${account.accountId}`,
      });
      await tx.query(
        `INSERT INTO connections (workspace_id, provider, external_account_id, display_name,
                                  credentials, sandbox)
         VALUES ($1, $2, $3, $4, $5, true)
         ON CONFLICT (workspace_id, provider, external_account_id) DO NOTHING`,
        [DEMO_WORKSPACE_ID, account.provider, account.accountId, account.displayName, credentials],
      );
    }
    for (let generation = 0; generation < 1000; generation++) {
      const key = deriveDemoKey(options.secretKey, generation);
      const { rows } = await tx.query<{ revoked: boolean }>(
        'SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = $1',
        [hashApiKey(key)],
      );
      if (rows[0]?.revoked) continue;
      if (!rows[0])
        await createApiKey(tx, { workspaceId: DEMO_WORKSPACE_ID, name: 'Demo key', key });
      return { workspaceId: DEMO_WORKSPACE_ID, apiKey: key };
    }
    throw new Error('every derived demo key has been revoked');
  });
}

function deriveDemoKey(secretKey: Buffer, generation: number): string {
  const digest = createHmac('sha256', secretKey)
    .update(`tributary demo api key ${DEMO_WORKSPACE_ID} ${generation}`)
    .digest('base64url');
  return `${API_KEY_PREFIX}${digest}`;
}
