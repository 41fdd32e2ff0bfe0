import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  advanceJob,
  announceStalledJobs,
  cancelSync,
  createWebhookEndpoint,
  enableWebhookEndpoint,
  redeliverWebhook,
  withTransaction,
} from '@tributary/db';
import { parsePrometheusText } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';
import { startReceiver } from './webhook-receiver.ts';

// Standard Webhooks' default schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) divided by
// 3600: an hour of real time is a second here.
const COMPRESSED_SCHEDULE = [1, 83, 500, 2000, 5000, 10_000, 10_000];
const HOUR = 1000;

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  h = await startHarness({
    webhooks: {
      retryScheduleMs: COMPRESSED_SCHEDULE,
      timeoutMs: 120_000,
      concurrency: 2,
      stallMs: 60_000,
    },
    metrics: true,
  });
  receiver = await startReceiver();
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await h?.stop();
});

/**
 * The receiver's check, written from the Standard Webhooks spec with node:crypto alone (not the
 * code under test): HMAC-SHA256 under the base64-decoded secret (after `whsec_`) of
 * `${webhook-id}.${webhook-timestamp}.${body}`, base64, compared with each `v1,` signature in
 * constant time; the timestamp within five minutes of now.
 */
function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string) {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  const signatures = String(headers['webhook-signature']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function workspaceWithEndpoint(events: string[], url = receiver.url) {
  const workspaceId = await h.newWorkspace(`webhooks ${Math.random()}`);
  const { endpoint, secret } = await createWebhookEndpoint(h.pool, h.secretKey, {
    workspaceId,
    url,
    events: events as never,
  });
  const connectionId = await h.connect(
    'FACEBOOK_ADS',
    `act_${Date.now()}${Math.random()}`,
    undefined,
    workspaceId,
  );
  return { workspaceId, endpointId: endpoint.id, secret, connectionId };
}

type DeliveryState = {
  id: string;
  state: string;
  attempts: number;
  type: string;
  event_id: string;
};
const deliveriesOf = async (endpointId: string) =>
  (
    await h.pool.query<DeliveryState>(
      `SELECT d.id, d.state, d.attempts, ev.type, d.event_id FROM webhook_deliveries d
         JOIN webhook_events ev ON ev.id = d.event_id WHERE d.endpoint_id = $1 ORDER BY d.created_at`,
      [endpointId],
    )
  ).rows;
const allDelivered = (count: number) => (rows: DeliveryState[]) =>
  rows.length === count && rows.every((r) => r.state === 'DELIVERED');

/** A RUNNING job whose chunks ended as given; the engine's own advanceJob finishes it. */
async function finishJob(
  target: { workspaceId: string; connectionId: string },
  chunkStatuses: string[],
  phase = 'INCREMENTAL',
) {
  const { rows } = await h.pool.query<{ id: string }>(
    `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage, streams, started_at)
     VALUES ($1, $2, 'INCREMENTAL', $3, 'RUNNING', 'RUN', '{campaigns}', now()) RETURNING id`,
    [target.workspaceId, target.connectionId, phase],
  );
  const jobId = rows[0]!.id;
  for (const [index, status] of chunkStatuses.entries()) {
    await h.pool.query(
      `INSERT INTO sync_chunks (job_id, connection_id, index, stream, kind, status)
       VALUES ($1, $2, $3, 'campaigns', 'window', $4)`,
      [jobId, target.connectionId, index, status],
    );
  }
  await withTransaction(h.pool, (tx) => advanceJob(tx, h.queue, jobId));
  return jobId;
}

const bodiesFor = (secret: string) =>
  receiver.received
    .filter((r) => verifyStandardWebhook(secret, r.headers, r.body))
    .map((r) => ({ id: String(r.headers['webhook-id']), ...JSON.parse(r.body) }));

describe('webhook deliveries', () => {
  it('announce a real initial sync: RECENT ready and each phase finished, signed verifiably', async () => {
    receiver.answerWith(() => 204);
    const workspaceId = await h.newWorkspace('initial');
    const { endpoint, secret } = await createWebhookEndpoint(h.pool, h.secretKey, {
      workspaceId,
      url: receiver.url,
      events: ['sync.job.finished', 'sync.recent.ready'],
    });
    const connectionId = await h.connect('FACEBOOK_PAGES', 'page_42', undefined, workspaceId);
    const recentId = await h.sync(connectionId, 'INITIAL');
    const jobs = await h.settled(connectionId);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await waitFor(() => deliveriesOf(endpoint.id), allDelivered(3), 'three deliveries');

    const bodies = bodiesFor(secret);
    expect(bodies.map((b) => b.type).sort()).toEqual([
      'sync.job.finished',
      'sync.job.finished',
      'sync.recent.ready',
    ]);
    const recentGlobalId = Buffer.from(`SyncJob:${recentId}`).toString('base64');
    const ready = bodies.find((b) => b.type === 'sync.recent.ready')!;
    expect(ready.data).toMatchObject({
      jobId: recentGlobalId,
      phase: 'RECENT',
      status: 'SUCCEEDED',
    });
    expect(ready.data.inserted).toBeGreaterThan(0);
    const finished = bodies.filter((b) => b.type === 'sync.job.finished');
    expect(finished.map((b) => b.data.phase).sort()).toEqual(['HISTORICAL', 'RECENT']);
    // Every request carried the three headers and a body signed with this endpoint's secret;
    // a tampered body does not verify.
    const mine = receiver.received.filter((r) => verifyStandardWebhook(secret, r.headers, r.body));
    expect(mine).toHaveLength(3);
    expect(verifyStandardWebhook(secret, mine[0]!.headers, `${mine[0]!.body} `)).toBe(false);
    expect(mine[0]!.headers['content-type']).toBe('application/json');
  }, 180_000);

  it('send job.finished for every final status, and only the subscribed types', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    const succeeded = await finishJob(target, ['SUCCEEDED']);
    const withErrors = await finishJob(target, ['SUCCEEDED', 'FAILED']);
    const failed = await finishJob(target, ['FAILED', 'FAILED']);
    const { rows } = await h.pool.query<{ id: string }>(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage, streams)
       VALUES ($1, $2, 'INCREMENTAL', 'INCREMENTAL', 'PENDING', 'RUN', '{campaigns}') RETURNING id`,
      [target.workspaceId, target.connectionId],
    );
    await cancelSync(
      { pool: h.pool, queue: h.queue },
      { workspaceId: target.workspaceId, jobId: rows[0]!.id },
    );
    // RECENT ready is not subscribed here: a RECENT phase finishing sends job.finished alone.
    const recent = await finishJob(target, ['SUCCEEDED'], 'RECENT');

    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(5), 'five deliveries');
    const byJob = new Map(
      bodiesFor(target.secret).map((b) => [
        Buffer.from(b.data.jobId, 'base64').toString().slice(8),
        b,
      ]),
    );
    expect(byJob.get(succeeded)?.data.status).toBe('SUCCEEDED');
    expect(byJob.get(withErrors)?.data).toMatchObject({
      status: 'COMPLETED_WITH_ERRORS',
      error: expect.stringContaining('1 of 2 chunks failed'),
    });
    expect(byJob.get(failed)?.data.status).toBe('FAILED');
    expect(byJob.get(rows[0]!.id)?.data.status).toBe('CANCELLED');
    expect(byJob.get(recent)?.type).toBe('sync.job.finished');
    expect(
      (await deliveriesOf(target.endpointId)).every((d) => d.type === 'sync.job.finished'),
    ).toBe(true);
  }, 120_000);

  it('announce a connection needing re-authorisation and a stall (once per stall)', async () => {
    const target = await workspaceWithEndpoint(['connection.needs_reauth', 'sync.job.stalled']);
    // As the chunk runner marks it when the provider rejects the token.
    await h.pool.query(
      `UPDATE connections SET status = 'NEEDS_REAUTH', status_message = 'token rejected' WHERE id = $1`,
      [target.connectionId],
    );
    const { rows } = await h.pool.query<{ id: string }>(
      `INSERT INTO sync_jobs (workspace_id, connection_id, mode, phase, status, stage, streams,
                              started_at, last_progress_at)
       VALUES ($1, $2, 'INCREMENTAL', 'INCREMENTAL', 'RUNNING', 'RUN', '{campaigns}',
               now() - interval '2 hours', now() - interval '1 hour') RETURNING id`,
      [target.workspaceId, target.connectionId],
    );
    // The worker's maintenance pass finds the stall (no page for an hour; threshold 1 minute).
    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(2), 'two deliveries');
    expect(await announceStalledJobs(h.pool, 60_000)).toEqual([]);
    const bodies = bodiesFor(target.secret);
    expect(bodies.find((b) => b.type === 'connection.needs_reauth')?.data).toMatchObject({
      connectionId: Buffer.from(`Connection:${target.connectionId}`).toString('base64'),
      message: 'token rejected',
      provider: 'FACEBOOK_ADS',
    });
    expect(bodies.find((b) => b.type === 'sync.job.stalled')?.data).toMatchObject({
      jobId: Buffer.from(`SyncJob:${rows[0]!.id}`).toString('base64'),
      status: 'RUNNING',
    });
    // Progress after an alert re-arms it: alerted an hour ago, a page 30 minutes ago, nothing
    // since is a second stall.
    await h.pool.query(
      `UPDATE sync_jobs SET stall_alerted_at = now() - interval '1 hour',
              last_progress_at = now() - interval '30 minutes' WHERE id = $1`,
      [rows[0]!.id],
    );
    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(3), 'the second stall');
    await h.pool.query(
      `UPDATE sync_jobs SET status = 'CANCELLED', finished_at = now() WHERE id = $1`,
      [rows[0]!.id],
    );
  }, 120_000);

  it('retry a receiver that fails, until it recovers, and log every attempt', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    let calls = 0;
    receiver.answerWith((request) =>
      verifyStandardWebhook(target.secret, request.headers, request.body) && ++calls <= 2
        ? 503
        : 204,
    );
    await finishJob(target, ['SUCCEEDED']);
    const [delivery] = await waitFor(
      () => deliveriesOf(target.endpointId),
      allDelivered(1),
      'delivery',
    );
    const attempts = await h.pool.query(
      'SELECT number, status_code, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY number',
      [delivery!.id],
    );
    expect(attempts.rows).toEqual([
      { number: 1, status_code: 503, error: 'HTTP 503' },
      { number: 2, status_code: 503, error: 'HTTP 503' },
      { number: 3, status_code: 204, error: null },
    ]);
    // The same webhook-id and body on every attempt (receivers deduplicate on the id).
    const mine = receiver.received.filter((r) =>
      verifyStandardWebhook(target.secret, r.headers, r.body),
    );
    expect(new Set(mine.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(mine.map((r) => r.body)).size).toBe(1);
    receiver.answerWith(() => 204);
    // The worker counts both failures and the delivery.
    const { samples } = parsePrometheusText(await (await fetch(h.workers[0]!.metricsUrl!)).text());
    expect(samples.get('tributary_webhook_failures_total{reason="http"}')).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      samples.get('tributary_webhook_deliveries_total{state="DELIVERED"}'),
    ).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('lose nothing while the receiver is down for an hour', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    await receiver.down();
    const jobIds: string[] = [];
    for (let i = 0; i < 8; i++) jobIds.push(await finishJob(target, ['SUCCEEDED']));
    // Down until every delivery's retries reach past the hour (four refused attempts put the
    // next one two "hours" after the first).
    await waitFor(
      () =>
        h.pool.query<{ attempts: number; span: number }>(
          `SELECT attempts, extract(epoch FROM next_attempt_at - created_at) * 1000 AS span
             FROM webhook_deliveries WHERE endpoint_id = $1`,
          [target.endpointId],
        ),
      (r) => r.rows.length === 8 && r.rows.every((row) => row.attempts >= 4 && row.span >= HOUR),
      'retries past the hour',
    );
    const refused = await h.pool.query(
      `SELECT DISTINCT a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.endpoint_id = $1`,
      [target.endpointId],
    );
    expect(refused.rows).toEqual([{ error: 'network: ECONNREFUSED' }]);
    await receiver.up();
    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(8), 'every delivery');
    const ids = new Set(
      bodiesFor(target.secret).map((b) => Buffer.from(b.data.jobId, 'base64').toString().slice(8)),
    );
    expect([...ids].sort()).toEqual([...jobIds].sort());
  }, 120_000);

  it('redeliver a delivered event as a new delivery with the same webhook-id', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    await finishJob(target, ['SUCCEEDED']);
    const [first] = await waitFor(
      () => deliveriesOf(target.endpointId),
      allDelivered(1),
      'delivery',
    );
    const again = await redeliverWebhook(h.pool, h.queue, {
      workspaceId: target.workspaceId,
      deliveryId: first!.id,
    });
    expect(again).toMatchObject({
      redeliveryOf: first!.id,
      eventId: first!.event_id,
      state: 'PENDING',
    });
    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(2), 'redelivery');
    const ids = receiver.received
      .filter((r) => verifyStandardWebhook(target.secret, r.headers, r.body))
      .map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([first!.event_id, first!.event_id]);
  }, 60_000);

  it('410 Gone disables the endpoint and stops its deliveries', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    receiver.answerWith((request) =>
      verifyStandardWebhook(target.secret, request.headers, request.body) ? 410 : 204,
    );
    await finishJob(target, ['SUCCEEDED']);
    const [gone] = await waitFor(
      () => deliveriesOf(target.endpointId),
      (rows) => rows[0]?.state === 'FAILED',
      'the 410',
    );
    expect(gone!.attempts).toBe(1);
    const endpoint = await h.pool.query(
      'SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = $1',
      [target.endpointId],
    );
    expect(endpoint.rows[0]).toEqual({
      enabled: false,
      disabled_reason: 'The endpoint answered 410 Gone',
    });
    await finishJob(target, ['SUCCEEDED']);
    // A disabled endpoint subscribes to nothing: no event row, no delivery.
    expect(await deliveriesOf(target.endpointId)).toHaveLength(1);

    // Turned back on, it receives the next event.
    receiver.answerWith(() => 204);
    await enableWebhookEndpoint(h.pool, {
      workspaceId: target.workspaceId,
      id: target.endpointId,
    });
    await finishJob(target, ['SUCCEEDED']);
    const after = await waitFor(
      () => deliveriesOf(target.endpointId),
      (rows) => rows.length === 2 && rows.every((r) => r.state !== 'PENDING'),
      'the delivery after enabling',
    );
    expect(after.map((r) => r.state).sort()).toEqual(['DELIVERED', 'FAILED']);
  }, 60_000);

  it('a receiver that never answers does not slow a sync', async () => {
    const target = await workspaceWithEndpoint(['sync.job.finished']);
    receiver.answerWith(() => 'hang');
    // More deliveries than the worker attempts at once: every webhook handler is held.
    for (let i = 0; i < 4; i++) await finishJob(target, ['SUCCEEDED']);
    await receiver.until(() => receiver.hanging.length >= 2);
    const syncWorkspace = await h.newWorkspace('busy');
    const connectionId = await h.connect('MICROSOFT_MAIL', 'user_42', undefined, syncWorkspace);
    await h.sync(connectionId, 'INITIAL');
    const jobs = await h.settled(connectionId);
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect((await h.expectTruth(connectionId)).mismatches).toEqual([]);
    // The whole sync ran while the receiver held the webhook handlers.
    expect(receiver.hanging.length).toBeGreaterThanOrEqual(2);
    receiver.answerWith(() => 204);
    receiver.release();
    await waitFor(() => deliveriesOf(target.endpointId), allDelivered(4), 'held deliveries');
  }, 180_000);
});
