import { findApiKey, type Pool, touchApiKey } from '@tributary/db';

export type Caller = { workspaceId: string; apiKeyId: string };

/** The key in `Bearer <key>`, or null when the header is absent or not a bearer token. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** The caller behind an Authorization header value, or null when the key is missing/unknown/revoked. */
export async function authenticate(pool: Pool, header: unknown): Promise<Caller | null> {
  const token = bearerToken(header);
  if (!token) return null;
  const key = await findApiKey(pool, token);
  if (!key) return null;
  touchApiKey(pool, key.id).catch(() => {});
  return { workspaceId: key.workspaceId, apiKeyId: key.id };
}
