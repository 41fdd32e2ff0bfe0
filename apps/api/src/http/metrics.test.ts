import { parsePrometheusText } from '@tributary/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/ids.ts';
import { collect, type Harness, startHarness } from '../testing/api-harness.ts';
import { insertJob } from '../testing/fixtures.ts';

let h: Harness;
let a: { workspaceId: string; key: string };

beforeAll(async () => {
  h = await startHarness();
  a = await h.workspace('A');
});
afterAll(() => h.close());

describe('GET /metrics', () => {
  it('answers Prometheus text with jobs by status, queue depth and open subscriptions', async () => {
    const connectionId = await h.connection(a.workspaceId);
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId, status: 'FAILED' });
    const sub = collect(
      h.wsClient(a.key),
      'subscription($j: ID!) { syncProgress(jobId: $j) { kind } }',
      { j: globalId('SyncJob', jobId) },
      1,
    );
    await sub.done;
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parsePrometheusText(await res.text());
    expect(samples.get('tributary_sync_jobs{status="RUNNING"}')).toBe(1);
    expect(samples.get('tributary_sync_jobs{status="FAILED"}')).toBe(1);
    expect(samples.get('tributary_sync_chunks{status="SUCCEEDED"}')).toBe(2);
    expect(types.get('tributary_queue_depth')).toBe('gauge');
    expect(types.get('tributary_api_subscriptions')).toBe('gauge');
    expect(types.get('tributary_api_http_requests_total')).toBe('counter');
    expect(samples.get('tributary_records_written{kind="inserted"}')).toBe(0);
    expect([...samples.keys()].some((k) => k.startsWith('tributary_api_process_cpu'))).toBe(true);
  });

  it('counts subscriptions while they are open', async () => {
    const subscriptions = async () =>
      parsePrometheusText(await (await fetch(`${h.url}/metrics`)).text()).samples.get(
        'tributary_api_subscriptions',
      );
    // The first test's subscription closes asynchronously after its last event.
    await expect.poll(subscriptions).toBe(0);
    const connectionId = await h.connection(a.workspaceId);
    const jobId = await insertJob(h.pool, { workspaceId: a.workspaceId, connectionId });
    const sub = collect(
      h.wsClient(a.key),
      'subscription($j: ID!) { syncProgress(jobId: $j) { kind } }',
      { j: globalId('SyncJob', jobId) },
      2,
    );
    await expect.poll(() => sub.events.length).toBe(1);
    expect(await subscriptions()).toBe(1);
    sub.unsubscribe();
    await expect.poll(subscriptions).toBe(0);
  });
});
