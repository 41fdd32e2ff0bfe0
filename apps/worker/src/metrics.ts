import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Pool, registerSyncGauges } from '@tributary/db';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { countProviderRequests } from './provider-request-metrics.ts';

/** What this worker process counts itself; the system-wide gauges come from the database. */
export type WorkerMetrics = {
  registry: Registry;
  chunkRunSeconds: Histogram;
  leaseRecoveries: Counter;
  /** Webhook deliveries that ended, by `state` (DELIVERED or FAILED). */
  webhookDeliveries: Counter<'state'>;
  /** Webhook attempts that failed, by `reason` (http, timeout, network, gone). */
  webhookFailures: Counter<'reason'>;
  webhookAttemptSeconds: Histogram;
  /** Stops counting what outlives the registry (provider requests); called when the worker stops. */
  close(): void;
};

export function createWorkerMetrics(pool: Pool): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tributary_worker_' });
  registerSyncGauges(registry, pool);
  // Provider requests by provider and outcome: their own module and block.
  const providerRequests = countProviderRequests(registry);
  return {
    registry,
    close: providerRequests.close,
    chunkRunSeconds: new Histogram({
      name: 'tributary_chunk_run_seconds',
      help: 'How long one run of a chunk took in this worker (to done, checkpoint or release)',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    leaseRecoveries: new Counter({
      name: 'tributary_lease_recoveries_total',
      help: 'Chunks whose expired lease this worker made runnable again',
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'tributary_webhook_deliveries_total',
      help: 'Webhook deliveries this worker finished, by final state (DELIVERED, or FAILED once retries ran out or the endpoint answered 410)',
      labelNames: ['state'],
      registers: [registry],
    }),
    webhookFailures: new Counter({
      name: 'tributary_webhook_failures_total',
      help: 'Webhook attempts that failed in this worker, by reason (http: a non-2xx answer, timeout, network, gone: 410)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    webhookAttemptSeconds: new Histogram({
      name: 'tributary_webhook_attempt_seconds',
      help: 'How long one webhook HTTP attempt took, answered or not',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/** GET /metrics in Prometheus text format on its own port (METRICS_PORT; 0 picks one). */
export async function serveMetrics(
  metrics: WorkerMetrics,
  port: number,
  host = '127.0.0.1',
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(503).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
