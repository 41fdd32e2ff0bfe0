import { resolve } from 'node:path';
import { parseWebhookRetrySchedule } from '@tributary/core';
import { ConfigError, parseDatabaseUrl } from '@tributary/db';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string({ message: 'DATABASE_URL is not set' }).min(1, 'DATABASE_URL is not set'),
  TRIBUTARY_DATA_DIR: z.string().default(resolve(import.meta.dirname, '../../../.data')),
  TRIBUTARY_SANDBOX_URL: z.string().url().optional(),
  /** Names the process's leases (default: a random `worker-…`); tests tell workers apart by it. */
  WORKER_ID: z.string().min(1).max(100).optional(),
  /** Chunks one process runs at once: latency-bound, so many (see DEFAULT_WORKER_CONCURRENCY). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** Caps each provider's per-connection concurrency; unset, each provider's own applies. */
  CONNECTION_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  CHUNK_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  CHUNK_TIME_BUDGET_MS: z.coerce.number().int().min(100).default(60_000),
  CHUNK_PAGE_BUDGET: z.coerce.number().int().min(1).optional(),
  LANE_TURN_MS: z.coerce.number().int().min(100).default(10_000),
  CHUNK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  PROVIDER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
  PROVIDER_OUTAGE_FAILURES: z.coerce.number().int().min(1).default(3),
  PROVIDER_OUTAGE_WINDOW_MS: z.coerce.number().int().min(0).default(300_000),
  PROVIDER_OUTAGE_MIN_WAIT_MS: z.coerce.number().int().min(100).default(5_000),
  PROVIDER_OUTAGE_MAX_WAIT_MS: z.coerce.number().int().min(100).default(1_800_000),
  MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  STALL_LEASES: z.coerce.number().int().min(1).default(3),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_TENANT: z.string().min(1).default('common'),
  WORKER_ASYNC_COMMIT: z.enum(['true', 'false']).default('true'),
  /** `production`: webhook deliveries refuse loopback and private addresses. */
  NODE_ENV: z.string().optional(),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h,10h')
    .transform((text, ctx) => {
      try {
        return parseWebhookRetrySchedule(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEBHOOK_STALL_MINUTES: z.coerce.number().min(0.01).default(30),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerEnv = z.infer<typeof schema>;

/** Validates the worker's settings once; throws ConfigError with one line to fix. */
export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  parseDatabaseUrl(parsed.data.DATABASE_URL);
  return parsed.data;
}
