import type { WebhookEventType } from './event-types.ts';

export type WebhookEventRow = {
  id: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  createdAt: Date;
};

// The API's ids are Relay global ids (base64 of `Type:uuid`, as @pothos/plugin-relay encodes
// them), so an id in a webhook can be passed straight to syncJob(id:) or node(id:).
const graphqlId = (typename: string, id: unknown) =>
  typeof id === 'string' ? Buffer.from(`${typename}:${id}`, 'utf8').toString('base64') : null;

/**
 * The JSON body delivered for an event: `{type, timestamp, data}` as Standard Webhooks
 * recommends. Built from the stored event alone, so every attempt and redelivery sends the
 * same bytes.
 */
export function webhookBody(event: WebhookEventRow): string {
  const { jobId, connectionId, ...rest } = event.data;
  const data: Record<string, unknown> = {
    ...(jobId !== undefined ? { jobId: graphqlId('SyncJob', jobId) } : {}),
    ...(connectionId !== undefined ? { connectionId: graphqlId('Connection', connectionId) } : {}),
    ...rest,
  };
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data });
}
