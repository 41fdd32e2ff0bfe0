import { randomBytes } from 'node:crypto';
import { createTestDatabase, parsePrometheusText, type TestDatabase } from '@tributary/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from './connectors.ts';
import { type RunningWorker, startWorker } from './worker.ts';

let db: TestDatabase;
let worker: RunningWorker;

beforeAll(async () => {
  db = await createTestDatabase();
  worker = await startWorker({
    databaseUrl: db.url,
    secretKey: randomBytes(32),
    connectors,
    metricsPort: 0,
    maintenanceIntervalMs: 100,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await worker?.stop();
  await db?.drop();
});

describe('the worker’s /metrics', () => {
  it('serves Prometheus text on its own port: sync gauges, chunk runs and lease recoveries', async () => {
    expect(worker.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(worker.metricsUrl!);
    expect(res.status).toBe(200);
    const { samples, types } = parsePrometheusText(await res.text());
    expect(types.get('tributary_chunk_run_seconds')).toBe('histogram');
    expect(types.get('tributary_lease_recoveries_total')).toBe('counter');
    expect(types.get('tributary_sync_jobs')).toBe('gauge');
    expect(types.get('tributary_webhook_deliveries_total')).toBe('counter');
    expect(types.get('tributary_webhook_failures_total')).toBe('counter');
    expect(types.get('tributary_webhook_attempt_seconds')).toBe('histogram');
    expect(types.get('tributary_queue_lag_seconds')).toBe('gauge');
    expect(samples.get('tributary_lease_recoveries_total')).toBe(0);
    expect(samples.get('tributary_chunk_run_seconds_count')).toBe(0);
  });
});
