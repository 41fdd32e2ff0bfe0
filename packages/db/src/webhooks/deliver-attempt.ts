import type { Pool } from '../pool.ts';
import { withTransaction } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';
import type { SecretKeys } from '../secrets/secret-keys.ts';
import type { WebhookEventType } from './event-types.ts';
import { webhookBody } from './webhook-body.ts';
import { signingSecrets } from './webhook-endpoints.ts';

/** What one attempt sends: the body and everything needed to sign it. */
export type ClaimedDelivery = {
  id: string;
  eventId: string;
  endpointId: string;
  url: string;
  attempt: number;
  body: string;
  secrets: string[];
};

/**
 * Takes a delivery for one attempt: only while PENDING and due, and only if no other worker
 * holds it (the lease lasts the attempt's timeout and a margin, so a worker killed mid-send
 * frees it). Null when there is nothing to send (delivered meanwhile, endpoint deleted, a
 * duplicate queue job).
 */
export async function claimWebhookDelivery(
  pool: Pool,
  keys: SecretKeys,
  input: { deliveryId: string; leaseMs: number },
): Promise<ClaimedDelivery | null> {
  const { rows } = await pool.query<{
    id: string;
    event_id: string;
    endpoint_id: string;
    attempts: number;
    url: string;
    enabled: boolean;
    secret: Buffer;
    previous_secret: Buffer | null;
    previous_secret_live: boolean;
    type: WebhookEventType;
    data: Record<string, unknown>;
    created_at: Date;
  }>(
    `UPDATE webhook_deliveries d
        SET lease_until = now() + make_interval(secs => $2::double precision / 1000)
       FROM webhook_endpoints ep, webhook_events ev
      WHERE d.id = $1 AND ep.id = d.endpoint_id AND ev.id = d.event_id
        AND d.state = 'PENDING' AND d.next_attempt_at <= now() + interval '1 second'
        AND (d.lease_until IS NULL OR d.lease_until < now())
      RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, ep.url, ep.enabled, ep.secret,
                ep.previous_secret, COALESCE(ep.previous_secret_expires_at > now(), false) AS previous_secret_live,
                ev.type, ev.data, ev.created_at`,
    [input.deliveryId, input.leaseMs],
  );
  const row = rows[0];
  if (!row) return null;
  if (!row.enabled) {
    await pool.query(
      `UPDATE webhook_deliveries SET state = 'FAILED', finished_at = now(), lease_until = NULL,
              last_error = 'The endpoint is disabled' WHERE id = $1`,
      [row.id],
    );
    return null;
  }
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    url: row.url,
    attempt: row.attempts + 1,
    body: webhookBody({
      id: row.event_id,
      type: row.type,
      data: row.data,
      createdAt: row.created_at,
    }),
    secrets: signingSecrets(keys, row),
  };
}

export type AttemptOutcome = {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};

export type AttemptVerdict = 'DELIVERED' | 'RETRYING' | 'FAILED' | 'GONE';

/**
 * Records an attempt and decides what follows, in one transaction with queueing the next
 * attempt: 2xx is delivered; 410 Gone disables the endpoint (Standard Webhooks: "the endpoint
 * should be disabled"); anything else retries after `retryDelayMs` or, with none left, fails.
 */
export async function recordWebhookAttempt(
  pool: Pool,
  queue: QueueSender,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
  retryDelayMs: number | null,
): Promise<AttemptVerdict> {
  const code = outcome.statusCode;
  const verdict: AttemptVerdict =
    code !== null && code >= 200 && code < 300
      ? 'DELIVERED'
      : code === 410
        ? 'GONE'
        : retryDelayMs === null
          ? 'FAILED'
          : 'RETRYING';
  const error = verdict === 'DELIVERED' ? null : (outcome.error ?? `HTTP ${code}`);
  await withTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO webhook_attempts (delivery_id, number, status_code, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_id, number) DO NOTHING`,
      [delivery.id, delivery.attempt, code, error, Math.round(outcome.durationMs)],
    );
    if (verdict === 'RETRYING') {
      const { rows } = await tx.query<{ next_attempt_at: Date }>(
        `UPDATE webhook_deliveries SET attempts = $2, last_error = $3, lease_until = NULL,
                next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
          WHERE id = $1 RETURNING next_attempt_at`,
        [delivery.id, delivery.attempt, error, retryDelayMs],
      );
      await queue.send(
        'webhook-delivery',
        { deliveryId: delivery.id },
        { startAfter: rows[0]!.next_attempt_at },
        tx,
      );
      return;
    }
    await tx.query(
      `UPDATE webhook_deliveries SET attempts = $2, last_error = $3, lease_until = NULL,
              state = $4, next_attempt_at = NULL, finished_at = now()
        WHERE id = $1`,
      [delivery.id, delivery.attempt, error, verdict === 'DELIVERED' ? 'DELIVERED' : 'FAILED'],
    );
    if (verdict === 'GONE') {
      await tx.query(
        `UPDATE webhook_endpoints SET enabled = false, updated_at = now(),
                disabled_reason = 'The endpoint answered 410 Gone' WHERE id = $1`,
        [delivery.endpointId],
      );
    }
  });
  return verdict;
}

/**
 * Queues again the attempts whose queue job is gone (a worker killed mid-attempt: pg-boss does
 * not retry these jobs) once they are well past due and unleased. An extra job is harmless:
 * the claim is exclusive.
 */
export async function requeueStrandedDeliveries(
  pool: Pool,
  queue: QueueSender,
  graceMs: number,
): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE webhook_deliveries SET next_attempt_at = now()
        WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE state = 'PENDING'
                        AND next_attempt_at < now() - make_interval(secs => $1::double precision / 1000)
                        AND (lease_until IS NULL OR lease_until < now())
                      LIMIT 100 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [graceMs],
    );
    await queue.sendMany(
      'webhook-delivery',
      rows.map((r) => ({ payload: { deliveryId: r.id } })),
      tx,
    );
    return rows.length;
  });
}
