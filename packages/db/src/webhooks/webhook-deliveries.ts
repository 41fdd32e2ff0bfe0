import { type Pool, type Queryable, withTransaction } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';
import type { WebhookEventType } from './event-types.ts';
import { webhookBody } from './webhook-body.ts';

export type WebhookDeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export type WebhookAttemptRow = {
  number: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
};

export type WebhookDeliveryRow = {
  id: string;
  workspaceId: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  state: WebhookDeliveryState;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  redeliveryOf: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The exact body every attempt sends. */
  payload: string;
  attemptLog: WebhookAttemptRow[];
};

type RawDelivery = Omit<WebhookDeliveryRow, 'payload'> & {
  eventData: Record<string, unknown>;
  eventCreatedAt: Date;
};

const SELECT = `SELECT d.id, d.workspace_id AS "workspaceId", d.endpoint_id AS "endpointId",
    d.event_id AS "eventId", ev.type AS "eventType", d.state, d.attempts,
    d.next_attempt_at AS "nextAttemptAt", d.last_error AS "lastError",
    d.redelivery_of AS "redeliveryOf", d.created_at AS "createdAt", d.finished_at AS "finishedAt",
    ev.data AS "eventData", ev.created_at AS "eventCreatedAt",
    COALESCE((SELECT json_agg(json_build_object('number', a.number, 'statusCode', a.status_code,
                'error', a.error, 'durationMs', a.duration_ms, 'at', a.at) ORDER BY a.number)
                FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS "attemptLog"
  FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id`;

function toRow(raw: RawDelivery): WebhookDeliveryRow {
  const { eventData, eventCreatedAt, ...rest } = raw;
  return {
    ...rest,
    payload: webhookBody({
      id: raw.eventId,
      type: raw.eventType,
      data: eventData,
      createdAt: eventCreatedAt,
    }),
    attemptLog: raw.attemptLog.map((a) => ({ ...a, at: new Date(a.at) })),
  };
}

/**
 * The workspace's delivery log, newest first, keyset-paged on (created_at, id) so every page
 * costs the same; optionally one endpoint's or one state's.
 */
export async function listWebhookDeliveries(
  db: Queryable,
  workspaceId: string,
  filter: { endpointId?: string | null; state?: WebhookDeliveryState[] | null },
  page: { limit: number; before: { at: Date; id: string } | null },
): Promise<WebhookDeliveryRow[]> {
  const { rows } = await db.query<RawDelivery>(
    `${SELECT}
      WHERE d.workspace_id = $1
        AND ($2::uuid IS NULL OR d.endpoint_id = $2)
        AND ($3::text[] IS NULL OR d.state = ANY($3))
        AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4::timestamptz, $5::uuid))
      ORDER BY d.created_at DESC, d.id DESC LIMIT $6`,
    [
      workspaceId,
      filter.endpointId ?? null,
      filter.state ?? null,
      page.before?.at ?? null,
      page.before?.id ?? null,
      page.limit,
    ],
  );
  return rows.map(toRow);
}

export async function findWebhookDelivery(
  db: Queryable,
  input: { workspaceId: string; id: string },
): Promise<WebhookDeliveryRow | null> {
  const { rows } = await db.query<RawDelivery>(
    `${SELECT} WHERE d.workspace_id = $1 AND d.id = $2`,
    [input.workspaceId, input.id],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Sends an event to its endpoint again as a new delivery (the original's log stays), with a
 * fresh retry schedule and the same `webhook-id`, so a receiver that already processed it can
 * tell. Null when there is no such delivery; 'DISABLED' when its endpoint is disabled.
 */
export async function redeliverWebhook(
  pool: Pool,
  queue: QueueSender,
  input: { workspaceId: string; deliveryId: string },
): Promise<WebhookDeliveryRow | null | 'DISABLED'> {
  const id = await withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ event_id: string; endpoint_id: string; enabled: boolean }>(
      `SELECT d.event_id, d.endpoint_id, ep.enabled FROM webhook_deliveries d
         JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
        WHERE d.workspace_id = $1 AND d.id = $2`,
      [input.workspaceId, input.deliveryId],
    );
    const original = rows[0];
    if (!original) return null;
    if (!original.enabled) return 'DISABLED' as const;
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (workspace_id, event_id, endpoint_id, next_attempt_at, redelivery_of)
       VALUES ($1, $2, $3, now(), $4) RETURNING id`,
      [input.workspaceId, original.event_id, original.endpoint_id, input.deliveryId],
    );
    await queue.send('webhook-delivery', { deliveryId: inserted.rows[0]!.id }, {}, tx);
    return inserted.rows[0]!.id;
  });
  if (id === null || id === 'DISABLED') return id;
  return findWebhookDelivery(pool, { workspaceId: input.workspaceId, id });
}
