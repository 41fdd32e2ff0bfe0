import { randomBytes } from 'node:crypto';
import {
  createPool,
  createQueue,
  createWebhookEndpoint,
  dispatchWebhookEvents,
  type Pool,
  type Queue,
} from '@tributary/db';
import { createTestDatabase, type TestDatabase } from '@tributary/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, type WebhookDeps } from '../src/webhooks/deliver-webhook.ts';
import { DEFAULT_WEBHOOK_CONFIG } from '../src/webhooks/webhook-config.ts';
import { startReceiver } from './webhook-receiver.ts';

// One attempt at a time, driven by hand (no worker consumes the queue): what an attempt sends,
// how it ends, and what it queues next.
let db: TestDatabase;
let pool: Pool;
let queue: Queue;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let elsewhere: Awaited<ReturnType<typeof startReceiver>>;
const secretKey = randomBytes(32);
const deps = (overrides: Partial<WebhookDeps['config']> = {}): WebhookDeps => ({
  pool,
  queue,
  secretKey,
  logger: pino({ level: 'silent' }),
  config: { ...DEFAULT_WEBHOOK_CONFIG, timeoutMs: 300, retryScheduleMs: [60_000], ...overrides },
});

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, 4);
  queue = createQueue(db.url);
  await queue.start();
  receiver = await startReceiver();
  elsewhere = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await elsewhere?.close();
  await queue?.stop({ graceful: false });
  await pool?.end();
  await db?.drop();
});

/** An endpoint with one event dispatched to it, as the worker's relay does. */
async function pendingDelivery(url = receiver.url) {
  const workspaceId: string = (
    await pool.query("INSERT INTO workspaces (name) VALUES ('w') RETURNING id")
  ).rows[0].id;
  const { endpoint } = await createWebhookEndpoint(pool, secretKey, {
    workspaceId,
    url,
    events: ['sync.job.finished'],
  });
  await pool.query(
    `INSERT INTO webhook_events (workspace_id, type, data) VALUES ($1, 'sync.job.finished', '{"status": "FAILED"}')`,
    [workspaceId],
  );
  expect(await dispatchWebhookEvents(pool, queue)).toBe(1);
  const { rows } = await pool.query<{ id: string }>(
    'SELECT id FROM webhook_deliveries WHERE endpoint_id = $1',
    [endpoint.id],
  );
  return rows[0]!.id;
}

const stateOf = async (deliveryId: string) =>
  (
    await pool.query(
      `SELECT d.state, d.attempts, d.last_error,
              extract(epoch FROM d.next_attempt_at - now())::float8 AS wait_seconds,
              (SELECT json_agg(json_build_object('status', a.status_code, 'error', a.error)) FROM webhook_attempts a
                WHERE a.delivery_id = d.id) AS attempts_log,
              (SELECT count(*)::int FROM pgboss.job j WHERE j.name = 'webhook-delivery'
                  AND j.data->>'deliveryId' = d.id::text AND j.start_after > now() + interval '30 seconds') AS queued_later
         FROM webhook_deliveries d WHERE d.id = $1`,
      [deliveryId],
    )
  ).rows[0];

describe('one webhook attempt', () => {
  it('gives up on a receiver that does not answer within the timeout and queues the retry', async () => {
    receiver.answerWith(() => 'hang');
    const id = await pendingDelivery();
    await deliverWebhook(deps(), id);
    const state = await stateOf(id);
    expect(state).toMatchObject({
      state: 'PENDING',
      attempts: 1,
      last_error: 'timeout: no answer within 300 ms',
      attempts_log: [{ status: null, error: 'timeout: no answer within 300 ms' }],
      queued_later: 1,
    });
    // 60 s ± 10% jitter.
    expect(state.wait_seconds).toBeGreaterThan(50);
    expect(state.wait_seconds).toBeLessThan(70);
    receiver.release();
    receiver.answerWith(() => 204);
  });

  it('never follows a redirect: a 3xx is a failed attempt and its target gets nothing', async () => {
    const redirecting = await startReceiver();
    const seenElsewhere = elsewhere.received.length;
    // A receiver that answers with a redirect to another server.
    redirecting.answerWith(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const id = await pendingDelivery(redirecting.url);
    await deliverWebhook(deps(), id);
    expect(await stateOf(id)).toMatchObject({
      state: 'PENDING',
      attempts_log: [{ status: 307, error: 'HTTP 307 (redirects are not followed)' }],
    });
    expect(redirecting.received).toHaveLength(1);
    expect(elsewhere.received.length).toBe(seenElsewhere);
    await redirecting.close();
  });

  it('fails for good when the schedule is spent, and a spent delivery is not sent again', async () => {
    receiver.answerWith(() => 500);
    const id = await pendingDelivery();
    await deliverWebhook(deps({ retryScheduleMs: [] }), id);
    expect(await stateOf(id)).toMatchObject({
      state: 'FAILED',
      attempts: 1,
      last_error: 'HTTP 500',
      queued_later: 0,
    });
    const sent = receiver.received.length;
    await deliverWebhook(deps(), id);
    expect(receiver.received.length).toBe(sent);
    receiver.answerWith(() => 204);
  });
});
