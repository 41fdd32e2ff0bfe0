import { type Pool, withTransaction } from '../pool.ts';
import type { QueueSender } from '../queue/queues.ts';

/**
 * The outbox relay: turns undispatched events into one delivery per subscribed, enabled
 * endpoint and queues each delivery's first attempt, all in one transaction with marking the
 * events dispatched, so an event is delivered once whatever crashes when. SKIP LOCKED lets
 * every worker run it at once. Returns how many events it dispatched.
 */
export async function dispatchWebhookEvents(
  pool: Pool,
  queue: QueueSender,
  batchSize = 200,
): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const events = await tx.query<{ id: string }>(
      `SELECT id FROM webhook_events WHERE dispatched_at IS NULL
        ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (events.rows.length === 0) return 0;
    const ids = events.rows.map((e) => e.id);
    const deliveries = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (workspace_id, event_id, endpoint_id, next_attempt_at)
       SELECT ev.workspace_id, ev.id, ep.id, now()
         FROM webhook_events ev
         JOIN webhook_endpoints ep ON ep.workspace_id = ev.workspace_id
                                  AND ep.enabled AND ev.type = ANY(ep.events)
        WHERE ev.id = ANY($1::uuid[])
        ORDER BY ev.created_at, ev.id
       RETURNING id`,
      [ids],
    );
    await tx.query('UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
    await queue.sendMany(
      'webhook-delivery',
      deliveries.rows.map((d) => ({ payload: { deliveryId: d.id } })),
      tx,
    );
    return ids.length;
  });
}
