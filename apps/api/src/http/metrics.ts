import type { ServerResponse } from 'node:http';
import { type Pool, registerSyncGauges } from '@tributary/db';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { SyncEventHub } from '../events/sync-event-hub.ts';

export type ApiMetrics = { registry: Registry; requests: Counter };

/**
 * The API process's Prometheus registry: its own process metrics, live subscriptions and
 * HTTP answers by status, plus the system-wide sync gauges read from the database.
 */
export function createApiMetrics(pool: Pool, hub: SyncEventHub): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tributary_api_' });
  registerSyncGauges(registry, pool);
  new Gauge({
    name: 'tributary_api_subscriptions',
    help: 'GraphQL subscriptions open on this API process',
    registers: [registry],
    collect() {
      this.set(hub.subscriberCount);
    },
  });
  const requests = new Counter({
    name: 'tributary_api_http_requests_total',
    help: 'HTTP requests this API process answered, by path group and status',
    labelNames: ['path', 'status'],
    registers: [registry],
  });
  return { registry, requests };
}

export async function sendMetrics(metrics: ApiMetrics, res: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
}
