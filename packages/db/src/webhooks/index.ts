export {
  type AttemptOutcome,
  type AttemptVerdict,
  type ClaimedDelivery,
  claimWebhookDelivery,
  recordWebhookAttempt,
  requeueStrandedDeliveries,
} from './deliver-attempt.ts';
export { announceStalledJobs } from './detect-stalls.ts';
export { dispatchWebhookEvents } from './dispatch-events.ts';
export {
  isWebhookEventType,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_EVENTS_CHANNEL,
  type WebhookEventType,
} from './event-types.ts';
export { generateWebhookSecret, signWebhook, webhookHeaders } from './sign-webhook.ts';
export { webhookBody } from './webhook-body.ts';
export {
  findWebhookDelivery,
  listWebhookDeliveries,
  redeliverWebhook,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookDeliveryState,
} from './webhook-deliveries.ts';
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  findWebhookEndpoint,
  listWebhookEndpoints,
  PREVIOUS_SECRET_GRACE_MS,
  rotateWebhookSecret,
  type WebhookEndpointRow,
} from './webhook-endpoints.ts';
