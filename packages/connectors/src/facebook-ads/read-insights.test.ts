import type { ChunkInput, ConnectionContext, Cursor } from '@tributary/core';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/provider-failure.ts';
import { readChunkToEnd } from '../testing/read-chunk-to-end.ts';
import { createFacebookAdsConnector } from './connector.ts';

const ACCOUNT = {
  provider: 'FACEBOOK_ADS' as const,
  id: 'act_43',
  campaigns: 12,
  adsets: 12,
  ads: 12,
  ageDays: 200,
};

let sandbox: SandboxServer;
let admin: ReturnType<typeof sandboxAdmin>;
let context: ConnectionContext;
const connector = createFacebookAdsConnector({ timeoutMs: 5_000, reportPollMs: 20 });
const signal = new AbortController().signal;
let chunk: ChunkInput;

beforeAll(async () => {
  sandbox = await startSandboxServer({ seed: 3 });
  admin = sandboxAdmin(sandbox.url);
  context = {
    provider: 'FACEBOOK_ADS',
    accountId: 'act_43',
    baseUrl: sandbox.providers.FACEBOOK_ADS,
    allowedOrigins: [new URL(sandbox.providers.FACEBOOK_ADS).origin],
    credentials: { accessToken: 'EAAB-test-token' },
  };
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await admin.reset({ seed: 3, accounts: [ACCOUNT] });
  await admin.clearFaults();
  const { records } = await readChunkToEnd(connector, {
    ...context,
    chunk: { stream: 'campaigns', kind: 'structure' },
  });
  chunk = {
    stream: 'ad_insights_daily',
    kind: 'insights',
    params: { level: 'campaign' },
    entityIds: records.map((record) => record.externalId),
    windowStart: new Date(Date.now() - 90 * 86_400_000),
    windowEnd: new Date(),
  };
});

const read = (cursor: Cursor | null = null) =>
  connector.readPage({ ...context, chunk, cursor, pageSize: 100, signal });

// https://developers.facebook.com/docs/marketing-api/insights/error-codes (100/1487534) and
// https://developers.facebook.com/docs/marketing-api/insights/best-practices ("Asynchronous jobs")
describe('insights too large for one call', () => {
  it('asks Graph again as an async report run and reads exactly the same rows', async () => {
    const sync = await readChunkToEnd(connector, { ...context, chunk, pageSize: 100 });
    expect(sync.records.length).toBeGreaterThan(100);
    await admin.setFaults({ insightsRowLimit: 50, asyncJobMs: 0 });
    const viaRun = await readChunkToEnd(connector, { ...context, chunk, pageSize: 100 });
    expect(viaRun.records).toEqual(sync.records);
    // The refused GET, the POST, one poll, then the run's pages.
    expect(viaRun.stats.requests).toBe(sync.stats.requests + 3);
  });

  it('keeps the run in the cursor: a resumed chunk polls the same run and never starts another', async () => {
    await admin.setFaults({ insightsRowLimit: 50, asyncJobMs: 600_000 });
    const queued = await read();
    expect(queued.records).toEqual([]);
    const cursor = queued.nextCursor as { run: string; failures: number };
    expect(cursor).toEqual({ run: expect.stringMatching(/^\d+$/), failures: 0 });
    const patient = createFacebookAdsConnector({ reportPollMs: 10, reportWaitMs: 0 });
    // "After a crash": the chunk resumes from its checkpoint and polls; the label says how far.
    const polled = await patient.readPage({ ...context, chunk, cursor, signal });
    expect(polled.nextCursor).toEqual(cursor);
    expect(polled.itemLabel).toMatch(/^Insights report \d+% \(Job Not Started\)$/);
    expect(polled.requests).toBe(1);
  });

  it('asks a failed run once more, then reports the chunk too large so the engine splits it', async () => {
    await admin.setFaults({ insightsRowLimit: 50, asyncJobMs: 0, asyncFailRate: 1 });
    await admin.resetStats();
    const error = await failureOf(readChunkToEnd(connector, { ...context, chunk }));
    expect(error).toMatchObject({ kind: 'request_too_large' });
    expect(error.message).toMatch(/2 runs failed/);
    // GET refused, then twice POST + poll.
    expect((await admin.stats()).requests).toBe(5);
  });

  it('reports the chunk too large when even the report run has too many rows', async () => {
    await admin.setFaults({ insightsRowLimit: 50, asyncInsightsRowLimit: 50, asyncJobMs: 0 });
    const error = await failureOf(readChunkToEnd(connector, { ...context, chunk }));
    expect(error).toMatchObject({ kind: 'request_too_large' });
    // Halved twice over (the engine's split), the chunk fits a synchronous call again.
    const quarter = {
      ...chunk,
      entityIds: chunk.entityIds!.slice(0, 2),
      windowStart: new Date(Date.now() - 20 * 86_400_000),
    };
    const { records } = await readChunkToEnd(connector, { ...context, chunk: quarter });
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThanOrEqual(40);
  });
});
