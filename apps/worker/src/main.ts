import { ConfigError, loadSecretKeyring } from '@tributary/db';
import { pino } from 'pino';
import { connectorsFor } from './connectors.ts';
import { readWorkerEnv } from './env.ts';
import { startWorker } from './worker.ts';

try {
  const env = readWorkerEnv();
  const logger = pino({
    level: env.LOG_LEVEL,
    redact: ['*.accessToken', '*.refreshToken', '*.authorization', 'credentials'],
  });
  const worker = await startWorker({
    databaseUrl: env.DATABASE_URL,
    secretKey: loadSecretKeyring({ env: process.env, dataDir: env.TRIBUTARY_DATA_DIR }),
    connectors: connectorsFor(
      env.MICROSOFT_CLIENT_ID
        ? {
            clientId: env.MICROSOFT_CLIENT_ID,
            tenant: env.MICROSOFT_TENANT,
            ...(env.MICROSOFT_CLIENT_SECRET ? { clientSecret: env.MICROSOFT_CLIENT_SECRET } : {}),
          }
        : undefined,
    ),
    concurrency: env.WORKER_CONCURRENCY,
    asynchronousCommit: env.WORKER_ASYNC_COMMIT === 'true',
    connectionConcurrency: env.CONNECTION_CONCURRENCY,
    maintenanceIntervalMs: env.MAINTENANCE_INTERVAL_MS,
    retentionDays: env.RETENTION_DAYS,
    // Unset: 4200, or a free port when another worker on this machine has it (logged).
    metricsPort: env.METRICS_PORT ?? 4200,
    metricsPortFlexible: env.METRICS_PORT === undefined,
    logger,
    webhooks: {
      retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
      stallMs: env.WEBHOOK_STALL_MINUTES * 60_000,
      allowInternalAddresses: env.NODE_ENV !== 'production',
    },
    config: {
      ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
      leaseMs: env.CHUNK_LEASE_MS,
      timeBudgetMs: env.CHUNK_TIME_BUDGET_MS,
      pageBudget: env.CHUNK_PAGE_BUDGET,
      laneTurnMs: env.LANE_TURN_MS,
      maxAttempts: env.CHUNK_MAX_ATTEMPTS,
      retry: {
        maxAttempts: env.CHUNK_MAX_ATTEMPTS,
        baseMs: env.RETRY_BASE_MS,
        maxMs: 60_000,
        factor: 2,
      },
      stallLeases: env.STALL_LEASES,
      breaker: {
        failureThreshold: env.PROVIDER_OUTAGE_FAILURES,
        windowMs: env.PROVIDER_OUTAGE_WINDOW_MS,
        minWaitMs: env.PROVIDER_OUTAGE_MIN_WAIT_MS,
        maxWaitMs: Math.max(env.PROVIDER_OUTAGE_MAX_WAIT_MS, env.PROVIDER_OUTAGE_MIN_WAIT_MS),
        probeTimeoutMs: 60_000,
      },
      sandboxUrl: env.TRIBUTARY_SANDBOX_URL,
      requestTimeoutMs: env.PROVIDER_REQUEST_TIMEOUT_MS,
    },
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      worker.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`worker: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
