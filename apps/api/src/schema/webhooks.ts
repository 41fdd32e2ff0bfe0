import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  findWebhookEndpoint,
  isWebhookEventType,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  WEBHOOK_EVENT_TYPES,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  type WebhookEventType,
} from '@tributary/db';
import { builder } from '../builder.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors/app-error.ts';
import {
  decodeCursor,
  isTimeIdCursor,
  pageSize,
  timeIdCursor,
  toConnection,
} from '../pagination/keyset.ts';
import { checkWebhookUrl } from '../webhooks/webhook-url.ts';
import { globalId, parseId } from './ids.ts';
import { assertStorableText } from './storable-text.ts';

/** A workspace's endpoints are few by design; more is a mistake, not a use. */
const MAX_ENDPOINTS = 20;

const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'sync.job.finished':
    'A sync job (one phase) ended: `data.status` is SUCCEEDED, COMPLETED_WITH_ERRORS, FAILED or CANCELLED.',
  'sync.recent.ready':
    'An initial sync’s RECENT phase (the last 90 days) finished usable; history follows in the background.',
  'connection.needs_reauth':
    'The provider rejected a connection’s token: reconnect it (updateConnection) before it syncs again.',
  'sync.job.stalled':
    'A RUNNING job committed nothing for the stall threshold (30 minutes by default); sent once per stall.',
};

const WebhookEventTypeInfo = builder.objectRef<{ type: WebhookEventType }>('WebhookEventTypeInfo');
WebhookEventTypeInfo.implement({
  description: 'An event type an endpoint can subscribe to.',
  fields: (t) => ({
    type: t.exposeString('type', {
      description: 'The `type` of delivered bodies, e.g. `sync.job.finished`.',
    }),
    description: t.string({ resolve: (e) => EVENT_DESCRIPTIONS[e.type] }),
  }),
});

export const WebhookEndpointRef = builder.objectRef<WebhookEndpointRow>('WebhookEndpoint');
WebhookEndpointRef.implement({
  description:
    'Where the workspace’s webhook events are POSTed, signed as Standard Webhooks says. The signing secret is shown once (at creation and rotation).',
  fields: (t) => ({
    id: t.id({ resolve: (e) => globalId('WebhookEndpoint', e.id) }),
    url: t.exposeString('url'),
    events: t.exposeStringList('events', { description: 'The event types it receives.' }),
    enabled: t.exposeBoolean('enabled', {
      description: 'False once the endpoint answered 410 Gone; a disabled endpoint gets nothing.',
    }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'After a rotation, deliveries carry a second signature under the old secret until then.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WebhookDeliveryStateEnum = builder.enumType('WebhookDeliveryState', {
  values: {
    PENDING: { description: 'An attempt is due at `nextAttemptAt`.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: {
      description: 'Retries ran out, the endpoint answered 410 Gone, or it is disabled.',
    },
  } as const,
});

const WebhookAttemptRef = builder.objectRef<WebhookAttemptRow>('WebhookAttempt');
WebhookAttemptRef.implement({
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: 'The endpoint’s HTTP status; null when it did not answer.',
    }),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryRow>('WebhookDelivery');
WebhookDeliveryRef.implement({
  description: 'One event sent to one endpoint, with every attempt.',
  fields: (t) => ({
    id: t.id({ resolve: (d) => globalId('WebhookDelivery', d.id) }),
    eventId: t.exposeString('eventId', {
      description: 'The `webhook-id` header: the same on every attempt and redelivery.',
    }),
    eventType: t.exposeString('eventType'),
    endpoint: t.field({
      type: WebhookEndpointRef,
      resolve: async (d, _args, ctx) => {
        const endpoint = await findWebhookEndpoint(ctx.services.pool, {
          workspaceId: ctx.workspaceId,
          id: d.endpointId,
        });
        if (!endpoint) throw new Error(`endpoint ${d.endpointId} not found`);
        return endpoint;
      },
    }),
    state: t.field({ type: WebhookDeliveryStateEnum, resolve: (d) => d.state }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    payload: t.exposeString('payload', { description: 'The exact body every attempt sends.' }),
    attemptLog: t.field({ type: [WebhookAttemptRef], resolve: (d) => d.attemptLog }),
    redeliveryOf: t.id({
      nullable: true,
      resolve: (d) => (d.redeliveryOf ? globalId('WebhookDelivery', d.redeliveryOf) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('webhookEventTypes', (t) =>
  t.field({
    type: [WebhookEventTypeInfo],
    description: 'Every event type an endpoint can subscribe to.',
    resolve: () => WEBHOOK_EVENT_TYPES.map((type) => ({ type })),
  }),
);

builder.queryField('webhookEndpoints', (t) =>
  t.field({
    type: [WebhookEndpointRef],
    description: `The workspace’s webhook endpoints, oldest first (at most ${MAX_ENDPOINTS}).`,
    resolve: (_root, _args, ctx) => listWebhookEndpoints(ctx.services.pool, ctx.workspaceId),
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.connection(
    {
      type: WebhookDeliveryRef,
      description:
        'The delivery log, newest first; 20 per page by default, at most 100. Filter by endpoint or state.',
      args: {
        endpointId: t.arg.id(),
        state: t.arg({ type: [WebhookDeliveryStateEnum] }),
      },
      resolve: async (_root, args, ctx) => {
        const size = pageSize(args, { max: 100 });
        const after = decodeCursor(args.after, isTimeIdCursor);
        let endpointId: string | null = null;
        if (args.endpointId) {
          endpointId = parseId('WebhookEndpoint', String(args.endpointId));
          if (!endpointId) throw new NotFoundError('webhook endpoint', String(args.endpointId));
        }
        const rows = await listWebhookDeliveries(
          ctx.services.pool,
          ctx.workspaceId,
          { endpointId, state: args.state ?? null },
          { limit: size + 1, before: after ? { at: new Date(after[0]), id: after[1] } : null },
        );
        return toConnection(rows, size, timeIdCursor, after !== null);
      },
    },
    { name: 'WebhookDeliveryConnection' },
    { name: 'WebhookDeliveryEdge' },
  ),
);

function checkEvents(events: readonly string[]): WebhookEventType[] {
  if (events.length === 0) {
    throw new ValidationError('events', 'events must name at least one event type');
  }
  for (const event of events) {
    if (!isWebhookEventType(event)) {
      throw new ValidationError(
        'events',
        `"${event.slice(0, 40)}" is not an event type; use ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      );
    }
  }
  return [...new Set(events as WebhookEventType[])];
}

const WebhookSecretPayload = builder.objectRef<{ endpoint: WebhookEndpointRow; secret: string }>(
  'WebhookEndpointWithSecret',
);
WebhookSecretPayload.implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, resolve: (r) => r.endpoint }),
    secret: t.exposeString('secret', {
      description:
        'The signing secret (`whsec_` and base64, as Standard Webhooks says); store it now, it cannot be shown again.',
    }),
  }),
});

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    type: WebhookSecretPayload,
    description:
      'Registers an endpoint for the given event types (see webhookEventTypes). The URL must be https (plain http only to loopback outside production); redirects are never followed.',
    errors: {
      union: { name: 'CreateWebhookEndpointResult' },
      types: [ValidationError, InvalidStateError],
    },
    args: {
      url: t.arg.string({ required: true }),
      events: t.arg.stringList({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const url = checkWebhookUrl(assertStorableText('url', args.url), ctx.services.webhookUrls);
      const events = checkEvents(args.events);
      const existing = await listWebhookEndpoints(ctx.services.pool, ctx.workspaceId);
      if (existing.length >= MAX_ENDPOINTS) {
        throw new InvalidStateError(
          `The workspace has ${MAX_ENDPOINTS} webhook endpoints already; delete one first`,
        );
      }
      return createWebhookEndpoint(ctx.services.pool, ctx.services.secretKey, {
        workspaceId: ctx.workspaceId,
        url,
        events,
      });
    },
  }),
);

const DeleteWebhookEndpointSuccess = builder.objectRef<{ endpoint: WebhookEndpointRow }>(
  'DeleteWebhookEndpointSuccess',
);
DeleteWebhookEndpointSuccess.implement({
  fields: (t) => ({ endpoint: t.field({ type: WebhookEndpointRef, resolve: (r) => r.endpoint }) }),
});

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.field({
    type: DeleteWebhookEndpointSuccess,
    description: 'Deletes an endpoint and its delivery log; attempts in flight stop.',
    errors: { union: { name: 'DeleteWebhookEndpointResult' }, types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseId('WebhookEndpoint', String(args.id));
      const endpoint = id
        ? await deleteWebhookEndpoint(ctx.services.pool, { workspaceId: ctx.workspaceId, id })
        : null;
      if (!endpoint) throw new NotFoundError('webhook endpoint', String(args.id));
      return { endpoint };
    },
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.field({
    type: WebhookSecretPayload,
    description:
      'A new signing secret, returned once. For 24 hours deliveries carry signatures under both the new and the old secret, so receivers can switch without a gap.',
    errors: { union: { name: 'RotateWebhookSecretResult' }, types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseId('WebhookEndpoint', String(args.id));
      const rotated = id
        ? await rotateWebhookSecret(ctx.services.pool, ctx.services.secretKey, {
            workspaceId: ctx.workspaceId,
            id,
          })
        : null;
      if (!rotated) throw new NotFoundError('webhook endpoint', String(args.id));
      return rotated;
    },
  }),
);

const EnableWebhookEndpointSuccess = builder.objectRef<{ endpoint: WebhookEndpointRow }>(
  'EnableWebhookEndpointSuccess',
);
EnableWebhookEndpointSuccess.implement({
  fields: (t) => ({ endpoint: t.field({ type: WebhookEndpointRef, resolve: (r) => r.endpoint }) }),
});

builder.mutationField('enableWebhookEndpoint', (t) =>
  t.field({
    type: EnableWebhookEndpointSuccess,
    description:
      'Turns a disabled endpoint (one that answered 410 Gone) back on: events from now on are delivered to it. Events of the time it was disabled were not queued for it; `redeliverWebhook` sends logged ones again. Its URL is checked again as `createWebhookEndpoint` checks one. Enabling an enabled endpoint changes nothing.',
    errors: {
      union: { name: 'EnableWebhookEndpointResult' },
      types: [NotFoundError, ValidationError],
    },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseId('WebhookEndpoint', String(args.id));
      const target = { workspaceId: ctx.workspaceId, id: id ?? '' };
      const existing = id ? await findWebhookEndpoint(ctx.services.pool, target) : null;
      if (!existing) throw new NotFoundError('webhook endpoint', String(args.id));
      if (existing.enabled) return { endpoint: existing };
      checkWebhookUrl(existing.url, ctx.services.webhookUrls);
      const endpoint = await enableWebhookEndpoint(ctx.services.pool, target);
      if (!endpoint) throw new NotFoundError('webhook endpoint', String(args.id));
      return { endpoint };
    },
  }),
);

const RedeliverWebhookSuccess = builder.objectRef<{ delivery: WebhookDeliveryRow }>(
  'RedeliverWebhookSuccess',
);
RedeliverWebhookSuccess.implement({
  fields: (t) => ({
    delivery: t.field({
      type: WebhookDeliveryRef,
      description: 'The new delivery (its `redeliveryOf` is the one asked for).',
      resolve: (r) => r.delivery,
    }),
  }),
});

builder.mutationField('redeliverWebhook', (t) =>
  t.field({
    type: RedeliverWebhookSuccess,
    description:
      'Sends a delivery’s event to its endpoint again, as a new delivery with its own retries and the same `webhook-id`.',
    errors: {
      union: { name: 'RedeliverWebhookResult' },
      types: [NotFoundError, InvalidStateError],
    },
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseId('WebhookDelivery', String(args.deliveryId));
      const result = id
        ? await redeliverWebhook(ctx.services.pool, ctx.services.sync.queue, {
            workspaceId: ctx.workspaceId,
            deliveryId: id,
          })
        : null;
      if (!result) throw new NotFoundError('webhook delivery', String(args.deliveryId));
      if (result === 'DISABLED') {
        throw new InvalidStateError('The delivery’s endpoint is disabled (it answered 410 Gone)');
      }
      return { delivery: result };
    },
  }),
);
