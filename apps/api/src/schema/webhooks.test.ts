import { createApiKey } from '@tributary/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/api-harness.ts';
import { globalId } from './ids.ts';

let h: Harness;
let a: { workspaceId: string; key: string; apiKeyId: string };
let b: { workspaceId: string; key: string; apiKeyId: string };

beforeAll(async () => {
  h = await startHarness({ rateLimit: { capacity: 1000, perSecond: 1000 } });
  a = await h.workspace('A');
  b = await h.workspace('B');
});
afterAll(() => h.close());

const CREATE = `mutation($url: String!, $events: [String!]!) {
  createWebhookEndpoint(url: $url, events: $events) {
    __typename
    ... on Error { code message }
    ... on ValidationError { field }
    ... on WebhookEndpointWithSecret { secret endpoint { id url events enabled createdAt } } } }`;

const counts = async () =>
  (
    await h.pool.query<{ endpoints: number; jobs: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_endpoints) AS endpoints,
              (SELECT count(*)::int FROM pgboss.job WHERE name = 'webhook-delivery') AS jobs`,
    )
  ).rows[0]!;

async function create(key: string, url: string, events = ['sync.job.finished']) {
  return (await h.gql(key, CREATE, { url, events })).data!.createWebhookEndpoint;
}

/** A delivered event as the worker leaves it, for the log and redelivery. */
async function deliveredEvent(workspaceId: string, endpointId: string, at: string) {
  const ev = await h.pool.query<{ id: string }>(
    `INSERT INTO webhook_events (workspace_id, type, data, created_at, dispatched_at)
     VALUES ($1, 'sync.job.finished', $2, $3, $3) RETURNING id`,
    [workspaceId, { jobId: '00000000-0000-4000-8000-000000000001', status: 'SUCCEEDED' }, at],
  );
  const d = await h.pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (workspace_id, event_id, endpoint_id, state, attempts, created_at, finished_at)
     VALUES ($1, $2, $3, 'DELIVERED', 1, $4, $4) RETURNING id`,
    [workspaceId, ev.rows[0]!.id, endpointId, at],
  );
  await h.pool.query(
    `INSERT INTO webhook_attempts (delivery_id, number, status_code, duration_ms, at) VALUES ($1, 1, 204, 12, $2)`,
    [d.rows[0]!.id, at],
  );
  return { eventId: ev.rows[0]!.id, deliveryId: d.rows[0]!.id };
}

describe('webhook endpoints over GraphQL', () => {
  it('refuse bad URLs and event types with typed errors, creating nothing', async () => {
    const before = await counts();
    const cases: [string, string[], string, RegExp][] = [
      ['http://hooks.example.com/in', ['sync.job.finished'], 'url', /https/],
      ['not a url', ['sync.job.finished'], 'url', /absolute URL/],
      ['https://u:p@hooks.example.com/', ['sync.job.finished'], 'url', /password/],
      ['https://hooks.example.com/in', [], 'events', /at least one/],
      [
        'https://hooks.example.com/in',
        ['sync.job.finished', 'job.done'],
        'events',
        /"job.done" is not an event type/,
      ],
    ];
    for (const [url, events, field, message] of cases) {
      const result = await create(a.key, url, events);
      expect(result, url).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        field,
      });
      expect(result.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuse READ keys, as every mutation', async () => {
    const { key } = await createApiKey(h.pool, {
      workspaceId: a.workspaceId,
      name: 'reader',
      scope: 'READ',
    });
    const res = await h.gql(key, CREATE, {
      url: 'https://hooks.example.com/',
      events: ['sync.job.finished'],
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await counts()).endpoints).toBe(0);
  });

  it('create (the secret once, whsec_ and base64), list, rotate and delete, each audited', async () => {
    const created = await create(a.key, 'https://hooks.example.com/in', [
      'sync.job.finished',
      'sync.recent.ready',
      'sync.job.finished',
    ]);
    expect(created.__typename).toBe('WebhookEndpointWithSecret');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.endpoint).toMatchObject({
      url: 'https://hooks.example.com/in',
      events: ['sync.job.finished', 'sync.recent.ready'],
      enabled: true,
    });
    // Loopback over http is for development: this server is not in production.
    expect((await create(a.key, 'http://127.0.0.1:9/hooks')).__typename).toBe(
      'WebhookEndpointWithSecret',
    );

    const stored = await h.pool.query<{ secret: Buffer }>('SELECT secret FROM webhook_endpoints');
    for (const row of stored.rows)
      expect(row.secret.toString('latin1')).not.toContain(created.secret);

    const list = await h.gql(
      a.key,
      '{ webhookEndpoints { id url } webhookEventTypes { type description } }',
    );
    expect(list.data!.webhookEndpoints.map((e: { url: string }) => e.url)).toEqual([
      'https://hooks.example.com/in',
      'http://127.0.0.1:9/hooks',
    ]);
    expect(list.data!.webhookEventTypes.map((e: { type: string }) => e.type)).toEqual([
      'sync.job.finished',
      'sync.recent.ready',
      'connection.needs_reauth',
      'sync.job.stalled',
    ]);
    expect((await h.gql(b.key, '{ webhookEndpoints { id } }')).data!.webhookEndpoints).toEqual([]);

    const id = created.endpoint.id;
    const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { __typename
      ... on Error { code } ... on WebhookEndpointWithSecret { secret endpoint { previousSecretExpiresAt } } } }`;
    expect((await h.gql(b.key, ROTATE, { id })).data!.rotateWebhookSecret).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const rotated = (await h.gql(a.key, ROTATE, { id })).data!.rotateWebhookSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.endpoint.previousSecretExpiresAt)).toBeGreaterThan(
      Date.now() + 23 * 3600_000,
    );

    const DELETE = `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename
      ... on Error { code } ... on DeleteWebhookEndpointSuccess { endpoint { id } } } }`;
    expect((await h.gql(b.key, DELETE, { id })).data!.deleteWebhookEndpoint.__typename).toBe(
      'NotFoundError',
    );
    expect((await h.gql(a.key, DELETE, { id })).data!.deleteWebhookEndpoint).toEqual({
      __typename: 'DeleteWebhookEndpointSuccess',
      endpoint: { id },
    });
    expect((await h.gql(a.key, DELETE, { id })).data!.deleteWebhookEndpoint.__typename).toBe(
      'NotFoundError',
    );

    const audit = await h.pool.query<{ action: string; outcome: string; target_ids: string[] }>(
      `SELECT action, outcome, target_ids FROM audit_events WHERE workspace_id = $1 AND action LIKE '%ebhook%'
        ORDER BY created_at`,
      [a.workspaceId],
    );
    expect(audit.rows.map((r) => `${r.action} ${r.outcome}`)).toEqual(
      expect.arrayContaining([
        'createWebhookEndpoint ValidationError',
        'createWebhookEndpoint SUCCESS',
        'rotateWebhookSecret SUCCESS',
        'deleteWebhookEndpoint SUCCESS',
        'deleteWebhookEndpoint NotFoundError',
      ]),
    );
    expect(audit.rows.find((r) => r.action === 'deleteWebhookEndpoint')?.target_ids).toContain(id);
  });

  it('enable an endpoint a 410 disabled, in its own workspace only, and audit it', async () => {
    const created = await create(a.key, 'https://hooks.example.com/gone');
    const id = created.endpoint.id;
    const ENABLE = `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { __typename
      ... on Error { code } ... on EnableWebhookEndpointSuccess { endpoint { id enabled disabledReason } } } }`;
    // As the worker leaves an endpoint that answered 410 Gone.
    await h.pool.query(
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'The endpoint answered 410 Gone'
        WHERE url = 'https://hooks.example.com/gone'`,
    );
    expect((await h.gql(b.key, ENABLE, { id })).data!.enableWebhookEndpoint).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect((await h.gql(a.key, ENABLE, { id: 'nope' })).data!.enableWebhookEndpoint).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const still = await h.pool.query('SELECT enabled FROM webhook_endpoints WHERE url = $1', [
      'https://hooks.example.com/gone',
    ]);
    expect(still.rows[0]).toEqual({ enabled: false });

    const enabled = { id, enabled: true, disabledReason: null };
    expect((await h.gql(a.key, ENABLE, { id })).data!.enableWebhookEndpoint).toEqual({
      __typename: 'EnableWebhookEndpointSuccess',
      endpoint: enabled,
    });
    // Again: nothing to change, the same answer.
    expect((await h.gql(a.key, ENABLE, { id })).data!.enableWebhookEndpoint.endpoint).toEqual(
      enabled,
    );
    const audit = await h.pool.query<{ outcome: string }>(
      `SELECT outcome FROM audit_events WHERE workspace_id = $1 AND action = 'enableWebhookEndpoint'
        ORDER BY created_at`,
      [a.workspaceId],
    );
    expect(audit.rows.map((r) => r.outcome)).toContain('SUCCESS');
  });

  it('page the delivery log by keyset and redeliver into the worker’s queue', async () => {
    const endpoint = (await create(a.key, 'https://hooks.example.com/log')).endpoint;
    const raw = Buffer.from(endpoint.id, 'base64').toString().split(':')[1]!;
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await deliveredEvent(a.workspaceId, raw, `2026-11-0${i + 1}T00:00:00Z`));
    }
    const PAGE = `query($after: String, $e: ID) { webhookDeliveries(first: 2, after: $after, endpointId: $e) {
      edges { node { id eventId eventType state attempts payload attemptLog { number statusCode durationMs } endpoint { url } } }
      pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = {
        edges: { node: { eventId: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      const res = await h.gql<{ webhookDeliveries: Page }>(a.key, PAGE, { after, e: endpoint.id });
      const page: Page = res.data!.webhookDeliveries;
      seen.push(...page.edges.map((e) => e.node.eventId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((m) => m.eventId).reverse());
    const first = (await h.gql(a.key, PAGE, { e: endpoint.id })).data!.webhookDeliveries.edges[0]
      .node;
    expect(first).toMatchObject({
      eventType: 'sync.job.finished',
      state: 'DELIVERED',
      attemptLog: [{ number: 1, statusCode: 204, durationMs: 12 }],
      endpoint: { url: 'https://hooks.example.com/log' },
    });
    expect(JSON.parse(first.payload)).toEqual({
      type: 'sync.job.finished',
      timestamp: '2026-11-05T00:00:00.000Z',
      data: {
        jobId: globalId('SyncJob', '00000000-0000-4000-8000-000000000001'),
        status: 'SUCCEEDED',
      },
    });
    expect((await h.gql(b.key, PAGE, {})).data!.webhookDeliveries.edges).toEqual([]);
    expect((await h.gql(a.key, PAGE, { after: 'bogus' })).errors?.[0]?.extensions?.code).toBe(
      'VALIDATION',
    );

    const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename
      ... on Error { code } ... on RedeliverWebhookSuccess { delivery { id eventId state redeliveryOf } } } }`;
    const target = globalId('WebhookDelivery', made[0]!.deliveryId);
    const jobsBefore = (await counts()).jobs;
    expect((await h.gql(b.key, REDELIVER, { id: target })).data!.redeliverWebhook.__typename).toBe(
      'NotFoundError',
    );
    expect((await counts()).jobs).toBe(jobsBefore);
    const again = (await h.gql(a.key, REDELIVER, { id: target })).data!.redeliverWebhook;
    expect(again).toMatchObject({
      __typename: 'RedeliverWebhookSuccess',
      delivery: { eventId: made[0]!.eventId, state: 'PENDING', redeliveryOf: target },
    });
    expect((await counts()).jobs).toBe(jobsBefore + 1);

    await h.pool.query('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [raw]);
    expect((await h.gql(a.key, REDELIVER, { id: target })).data!.redeliverWebhook).toEqual({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
    });
    expect((await counts()).jobs).toBe(jobsBefore + 1);
  });
});
