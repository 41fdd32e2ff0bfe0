import { webhookRetryDelay } from '@tributary/core';
import {
  type AttemptOutcome,
  claimWebhookDelivery,
  type Pool,
  type QueueSender,
  recordWebhookAttempt,
  type SecretKeys,
  webhookHeaders,
} from '@tributary/db';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../metrics.ts';
import { postWebhook } from './post-webhook.ts';
import type { WebhookConfig } from './webhook-config.ts';

export type WebhookDeps = {
  pool: Pool;
  queue: QueueSender;
  secretKey: SecretKeys;
  config: WebhookConfig;
  logger: Logger;
  metrics?: WorkerMetrics;
};

/** One attempt of one delivery: claim it, POST the signed body, record what happened. */
export async function deliverWebhook(deps: WebhookDeps, deliveryId: string): Promise<void> {
  const delivery = await claimWebhookDelivery(deps.pool, deps.secretKey, {
    deliveryId,
    leaseMs: deps.config.timeoutMs + 30_000,
  });
  if (!delivery) return;
  const outcome = await postWebhook(
    delivery.url,
    delivery.body,
    {
      ...webhookHeaders({ secrets: delivery.secrets, id: delivery.eventId, body: delivery.body }),
      'content-type': 'application/json',
      'user-agent': 'Tributary-Webhooks/1',
    },
    {
      timeoutMs: deps.config.timeoutMs,
      allowInternalAddresses: deps.config.allowInternalAddresses,
    },
  );
  const verdict = await recordWebhookAttempt(
    deps.pool,
    deps.queue,
    delivery,
    outcome,
    webhookRetryDelay(deps.config.retryScheduleMs, delivery.attempt),
  );
  deps.metrics?.webhookAttemptSeconds.observe(outcome.durationMs / 1000);
  if (verdict !== 'DELIVERED') {
    deps.metrics?.webhookFailures.inc({ reason: failureReason(outcome) });
  }
  if (verdict === 'DELIVERED') deps.metrics?.webhookDeliveries.inc({ state: 'DELIVERED' });
  if (verdict === 'FAILED' || verdict === 'GONE') {
    deps.metrics?.webhookDeliveries.inc({ state: 'FAILED' });
  }
  const log = deps.logger.child({ deliveryId, endpointId: delivery.endpointId });
  if (verdict === 'GONE') log.warn('webhook endpoint answered 410 Gone; disabled it');
  else if (verdict === 'FAILED')
    log.warn({ error: outcome.error }, 'webhook delivery failed for good');
  else if (verdict === 'RETRYING') {
    log.info(
      { attempt: delivery.attempt, error: outcome.error },
      'webhook attempt failed; retrying',
    );
  }
}

function failureReason(outcome: AttemptOutcome): string {
  if (outcome.statusCode === 410) return 'gone';
  if (outcome.statusCode !== null) return 'http';
  return outcome.error?.startsWith('timeout') ? 'timeout' : 'network';
}
