import { type ApiKeyScope, findApiKey, type Pool, touchApiKey } from '@tributary/db';

export type Caller = {
  workspaceId: string;
  apiKeyId: string;
  /** The key's name, for the audit log. */
  apiKeyName: string;
  scope: ApiKeyScope;
  /** Past this the key authenticates nothing; open sockets are closed at it. */
  expiresAt: Date | null;
};

/** The key in `Bearer <key>`, or null when the header is absent or not a bearer token. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

const TOUCH_EVERY_MS = 60_000;
// lastUsedAt is minute-grained: this process writes it at most once a minute per key, so a
// busy key costs one UPDATE a minute instead of one per request.
const lastTouched = new Map<string, number>();

/** Records that the key was used (cheaply; see TOUCH_EVERY_MS). Never fails the request. */
export function noteKeyUse(pool: Pool, apiKeyId: string, now = Date.now()): void {
  if (now - (lastTouched.get(apiKeyId) ?? 0) < TOUCH_EVERY_MS) return;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(apiKeyId, now);
  touchApiKey(pool, apiKeyId).catch(() => {});
}

/** The caller behind an Authorization header value, or null when the key is missing/unknown/revoked/expired. */
export async function authenticate(pool: Pool, header: unknown): Promise<Caller | null> {
  const token = bearerToken(header);
  if (!token) return null;
  const key = await findApiKey(pool, token);
  if (!key) return null;
  noteKeyUse(pool, key.id);
  return {
    workspaceId: key.workspaceId,
    apiKeyId: key.id,
    apiKeyName: key.name,
    scope: key.scope,
    expiresAt: key.expiresAt,
  };
}

/** Whether a caller authenticated earlier may still act (its key may have expired since). */
export function stillValid(caller: Caller, now = Date.now()): boolean {
  return caller.expiresAt === null || caller.expiresAt.getTime() > now;
}
