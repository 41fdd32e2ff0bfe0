import type { Queryable } from '../pool.ts';
import { openSecret, sealSecret } from '../secrets/seal-secret.ts';
import type { SecretKeys } from '../secrets/secret-keys.ts';
import type { WebhookEventType } from './event-types.ts';
import { generateWebhookSecret } from './sign-webhook.ts';

export type WebhookEndpointRow = {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
  /** Until then deliveries also carry a signature under the secret a rotation replaced. */
  previousSecretExpiresAt: Date | null;
};

const COLUMNS = `id, workspace_id AS "workspaceId", url, events, enabled,
  disabled_reason AS "disabledReason", created_at AS "createdAt",
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END
    AS "previousSecretExpiresAt"`;

/** How long the old secret keeps signing after a rotation, so receivers can switch over. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/** Creates an endpoint; its signing secret is returned once and stored sealed. */
export async function createWebhookEndpoint(
  db: Queryable,
  keys: SecretKeys,
  input: { workspaceId: string; url: string; events: WebhookEventType[] },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const secret = generateWebhookSecret();
  const { rows } = await db.query<WebhookEndpointRow>(
    `INSERT INTO webhook_endpoints (workspace_id, url, events, secret)
     VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [input.workspaceId, input.url, input.events, sealSecret(keys, secret)],
  );
  return { endpoint: rows[0]!, secret };
}

/** The workspace's endpoints, oldest first. */
export async function listWebhookEndpoints(
  db: Queryable,
  workspaceId: string,
): Promise<WebhookEndpointRow[]> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows;
}

export async function findWebhookEndpoint(
  db: Queryable,
  input: { workspaceId: string; id: string },
): Promise<WebhookEndpointRow | null> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`,
    [input.workspaceId, input.id],
  );
  return rows[0] ?? null;
}

/** Deletes an endpoint and its delivery log; deliveries still queued find nothing and stop. */
export async function deleteWebhookEndpoint(
  db: Queryable,
  input: { workspaceId: string; id: string },
): Promise<WebhookEndpointRow | null> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.workspaceId, input.id],
  );
  return rows[0] ?? null;
}

/**
 * Turns a disabled endpoint (a 410 Gone disables one) back on: events from now on are
 * delivered again. Events that happened while it was disabled were never queued for it.
 */
export async function enableWebhookEndpoint(
  db: Queryable,
  input: { workspaceId: string; id: string },
): Promise<WebhookEndpointRow | null> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, updated_at = now()
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.workspaceId, input.id],
  );
  return rows[0] ?? null;
}

/**
 * A new signing secret, returned once. The replaced one keeps signing beside it for
 * PREVIOUS_SECRET_GRACE_MS (Standard Webhooks allows several signatures in one header).
 */
export async function rotateWebhookSecret(
  db: Queryable,
  keys: SecretKeys,
  input: { workspaceId: string; id: string },
): Promise<{ endpoint: WebhookEndpointRow; secret: string } | null> {
  const secret = generateWebhookSecret();
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET previous_secret = secret, secret = $3,
            previous_secret_expires_at = now() + make_interval(secs => $4::double precision / 1000),
            updated_at = now()
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.workspaceId, input.id, sealSecret(keys, secret), PREVIOUS_SECRET_GRACE_MS],
  );
  return rows[0] ? { endpoint: rows[0], secret } : null;
}

/** The secrets that sign a delivery now: the current one, and the previous one in its grace. */
export function signingSecrets(
  keys: SecretKeys,
  row: { secret: Buffer; previous_secret: Buffer | null; previous_secret_live: boolean },
): string[] {
  const current = openSecret(keys, row.secret);
  return row.previous_secret && row.previous_secret_live
    ? [current, openSecret(keys, row.previous_secret)]
    : [current];
}
