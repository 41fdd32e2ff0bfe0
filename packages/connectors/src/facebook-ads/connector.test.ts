import type { ConnectionContext, SourceRecord } from '@tributary/core';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/provider-failure.ts';
import { digestOf, readChunkToEnd } from '../testing/read-chunk-to-end.ts';
import { readWholeAccount } from './connector.e2e-helpers.ts';
import { createFacebookAdsConnector } from './connector.ts';

const ACCOUNT = {
  provider: 'FACEBOOK_ADS' as const,
  id: 'act_42',
  campaigns: 10,
  adsets: 20,
  ads: 30,
  ageDays: 200,
};
const STREAMS = ['campaigns', 'adsets', 'ads', 'ad_insights_daily'];

let sandbox: SandboxServer;
let admin: ReturnType<typeof sandboxAdmin>;
let context: ConnectionContext;
const connector = createFacebookAdsConnector({
  appId: 'app',
  appSecret: 'secret',
  timeoutMs: 2_000,
});
const signal = new AbortController().signal;

beforeAll(async () => {
  sandbox = await startSandboxServer({ seed: 7 });
  admin = sandboxAdmin(sandbox.url);
  context = {
    provider: 'FACEBOOK_ADS',
    accountId: 'act_42',
    baseUrl: sandbox.providers.FACEBOOK_ADS,
    allowedOrigins: [new URL(sandbox.providers.FACEBOOK_ADS).origin],
    credentials: { accessToken: 'EAAB-test-token' },
  };
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset({ seed: 7, accounts: [ACCOUNT] }));

async function expectEqualsTruth(streams: Record<string, SourceRecord[]>) {
  for (const stream of STREAMS) {
    const records = streams[stream] ?? [];
    const truth = await admin.truth('FACEBOOK_ADS', 'act_42', stream);
    // No duplicates: every record was read exactly once, retries included.
    expect(new Set(records.map((r) => r.externalId)).size, stream).toBe(records.length);
    expect(digestOf(records), stream).toEqual(truth);
  }
}

const campaignsChunk = { stream: 'campaigns', kind: 'structure' };

describe('facebookAdsConnector against the sandbox', () => {
  it('rejects a chunk it cannot read with a permanent error, before any request', async () => {
    const bad = [
      {
        stream: 'ad_insights_daily',
        kind: 'insights',
        params: { level: 'account' },
        entityIds: ['1'],
      },
      {
        stream: 'ad_insights_daily',
        kind: 'insights',
        params: { level: 'campaign' },
        entityIds: Array(51).fill('1'),
        windowStart: new Date(0),
        windowEnd: new Date(),
      },
      { stream: 'campaigns', kind: 'window' },
      { stream: 'pages', kind: 'structure' },
    ];
    await admin.resetStats();
    for (const chunk of bad) {
      const error = await failureOf(
        connector.readPage({ ...context, chunk, cursor: null, signal }),
      );
      expect(error.kind).toBe('permanent');
    }
    expect((await admin.stats()).requests).toBe(0);
  });

  it('reads every stream completely, equal to the sandbox truth', async () => {
    const { streams } = await readWholeAccount(connector, context, 100);
    expect(streams.ad_insights_daily!.length).toBeGreaterThan(500);
    await expectEqualsTruth(streams);
  });

  // The edges leave ARCHIVED and DELETED objects out unless effective_status names them
  // (https://developers.facebook.com/docs/marketing-api/best-practices/manage-your-ad-object-status):
  // the connector asks for every status, records it, and reads those objects' insights by id.
  it('reads archived and deleted objects with their status, and their insights', async () => {
    const { streams } = await readWholeAccount(connector, context, 500);
    const structure = [...streams.campaigns!, ...streams.adsets!, ...streams.ads!];
    const statuses = new Set(structure.map((record) => record.data.status));
    expect(statuses).toEqual(new Set(['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED']));
    const gone = new Set(
      streams.campaigns!.filter((r) => r.data.status === 'DELETED').map((r) => r.externalId),
    );
    expect(gone.size).toBeGreaterThan(0);
    expect(streams.ad_insights_daily!.some((r) => gone.has(String(r.data.campaign_id)))).toBe(true);
    await expectEqualsTruth(streams);
  });

  it('still equals the truth under latency, 5xx, throttling, resets and malformed bodies', async () => {
    await admin.setFaults({
      seed: 3,
      latencyMs: 2,
      errorRate: 0.15,
      resetRate: 0.05,
      malformedRate: 0.05,
      // A budget the read outruns even on a loaded machine (more than 25 requests in 3 s).
      rateLimit: { requests: 25, windowMs: 3_000 },
    });
    const { streams, throttles } = await readWholeAccount(connector, context, 100);
    await admin.clearFaults();
    const stats = await admin.stats();
    // 5xx, resets and malformed bodies are retried inside the page fetch (rarely surfacing).
    expect(throttles).toBeGreaterThan(0);
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.failed).toBeGreaterThan(0);
    await expectEqualsTruth(streams);
  });

  // https://developers.facebook.com/docs/graph-api/results ("summary"): the first page of an edge
  // read with summary=total_count carries its size, the chunk's estimate.
  it('sizes a structure chunk from the edge summary on its first page', async () => {
    const first = await connector.readPage({
      ...context,
      chunk: campaignsChunk,
      cursor: null,
      signal,
      pageSize: 3,
    });
    expect(first.estimatedTotal).toBe(ACCOUNT.campaigns);
    const second = await connector.readPage({
      ...context,
      chunk: campaignsChunk,
      cursor: first.nextCursor,
      signal,
      pageSize: 3,
    });
    expect(second.estimatedTotal).toBeUndefined();
    expect(second.records).toHaveLength(3);
  });

  it('returns only the changed entities when reading structure updated since a time', async () => {
    const since = new Date().toISOString();
    const changed = await admin.mutate({
      provider: 'FACEBOOK_ADS',
      accountId: 'act_42',
      update: { campaigns: 2, ads: 3 },
      add: { adsets: 1 },
    });
    expect(changed).toEqual({ added: 1, updated: 5, removed: 0 });
    const counts: Record<string, number> = {};
    for (const stream of ['campaigns', 'adsets', 'ads']) {
      const chunk = { stream, kind: 'structure', params: { updatedSince: since } };
      const { records } = await readChunkToEnd(connector, { ...context, chunk });
      counts[stream] = records.length;
      for (const record of records)
        expect(record.modifiedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(since) - 1000);
    }
    expect(counts).toEqual({ campaigns: 2, adsets: 1, ads: 3 });
  });

  it('reports usage readings from the headers on every page, rising with the budget', async () => {
    await admin.setFaults({ rateLimit: { requests: 10, windowMs: 60_000 } });
    const readings: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await connector.readPage({
        ...context,
        chunk: campaignsChunk,
        cursor: null,
        signal,
        pageSize: 5,
      });
      expect(page.usage).toHaveLength(1);
      // A structure read draws on the ads_management budget, which insights calls do not spend.
      expect(page.usage[0]!.key).toBe('FACEBOOK_ADS:act_42:ads_management');
      expect(Object.keys(page.usage[0]!.raw).sort()).toEqual([
        'x-ad-account-usage',
        'x-app-usage',
        'x-business-use-case-usage',
      ]);
      expect(page.requests).toBe(1);
      readings.push(page.usage[0]!.percentUsed);
    }
    expect(readings).toEqual([10, 20, 30]);
  });

  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting ("Business Use Case"):
  // insights calls spend their own ads_insights budget and throttle with 80000.
  it('files insights usage under the ads_insights budget, and reads its throttle (80000)', async () => {
    await admin.setFaults({ rateLimit: { requests: 1, windowMs: 600_000 } });
    const { records: campaigns } = await readChunkToEnd(connector, {
      ...context,
      chunk: campaignsChunk,
    });
    const chunk = {
      stream: 'ad_insights_daily',
      kind: 'insights',
      params: { level: 'campaign' },
      entityIds: campaigns.map((r) => r.externalId),
      windowStart: new Date(Date.now() - 30 * 86_400_000),
      windowEnd: new Date(),
    };
    // The management budget is spent; the insights one is not.
    const page = await connector.readPage({ ...context, chunk, cursor: null, signal });
    expect(page.usage[0]!.key).toBe('FACEBOOK_ADS:act_42:ads_insights');
    expect(Object.keys(page.usage[0]!.raw)).toContain('x-fb-ads-insights-throttle');
    const throttled = await failureOf(
      connector.readPage({ ...context, chunk, cursor: null, signal }),
    );
    expect(throttled).toMatchObject({ kind: 'rate_limited', providerCode: '80000' });
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
  });

  it('surfaces the throttle as rate_limited with the wait, and answers again after it', async () => {
    await admin.setFaults({
      providers: {
        FACEBOOK_ADS: { accounts: { act_42: { rateLimit: { requests: 2, windowMs: 1_500 } } } },
      },
    });
    const read = () =>
      connector.readPage({ ...context, chunk: campaignsChunk, cursor: null, signal });
    await read();
    await read();
    const error = await failureOf(read());
    expect(error).toMatchObject({ kind: 'rate_limited', providerCode: '80004', httpStatus: 400 });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(2_000);
    await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
    await expect(read()).resolves.toMatchObject({ records: expect.any(Array) });
  });

  it('throws a typed malformed error naming provider, endpoint and what was wrong', async () => {
    await admin.setFaults({ malformedRate: 1 });
    const messages = new Set<string>();
    for (let i = 0; i < 12 && messages.size < 2; i++) {
      const error = await failureOf(
        connector.readPage({ ...context, chunk: campaignsChunk, cursor: null, signal }),
      );
      expect(error.kind).toBe('malformed');
      expect(error.endpoint).toBe('/v21.0/act_42/campaigns');
      messages.add(error.message.replace(/\(\d+ bytes\)/, '(n bytes)'));
    }
    expect([...messages].sort()).toEqual([
      'FACEBOOK_ADS /v21.0/act_42/campaigns: missing field data',
      'FACEBOOK_ADS /v21.0/act_42/campaigns: response is not JSON (n bytes)',
    ]);
  });

  it('maps an expired token to auth_expired and too much insights data to request_too_large', async () => {
    await admin.setFaults({ tokenExpired: true });
    const expired = await failureOf(
      connector.readPage({ ...context, chunk: campaignsChunk, cursor: null, signal }),
    );
    expect(expired).toMatchObject({ kind: 'auth_expired', providerCode: '190' });
    expect(expired.message).not.toContain('EAAB-test-token');

    await admin.setFaults({ insightsRowLimit: 100, asyncInsightsRowLimit: 100, asyncJobMs: 0 });
    const { records: campaigns } = await readChunkToEnd(connector, {
      ...context,
      chunk: campaignsChunk,
    });
    const chunk = {
      stream: 'ad_insights_daily',
      kind: 'insights',
      params: { level: 'campaign' },
      entityIds: campaigns.map((r) => r.externalId),
      windowStart: new Date(Date.now() - 90 * 86_400_000),
      windowEnd: new Date(),
    };
    // Refused synchronously, then as an async report run (twice): too large, for the engine to split.
    const tooLarge = await failureOf(readChunkToEnd(connector, { ...context, chunk }));
    expect(tooLarge).toMatchObject({ kind: 'request_too_large' });
    // Half the entities over a tenth of the days fits: the engine's split works.
    const small = {
      ...chunk,
      entityIds: chunk.entityIds.slice(0, 5),
      windowStart: new Date(Date.now() - 9 * 86_400_000),
    };
    await expect(readChunkToEnd(connector, { ...context, chunk: small })).resolves.toBeDefined();
  });

  it('retries a connection reset mid-body inside the connector, then reports it retryable', async () => {
    await admin.setFaults({ resetRate: 1 });
    const error = await failureOf(
      connector.readPage({ ...context, chunk: campaignsChunk, cursor: null, signal }),
    );
    expect(error.kind).toBe('retryable');
    expect(error.message).toMatch(
      /^FACEBOOK_ADS \/v21\.0\/act_42\/campaigns: (response body cut short|connection reset)/,
    );
    expect((await admin.stats()).requests).toBe(3);
  });

  it('times out a request the provider never answers', async () => {
    await admin.setFaults({ timeoutRate: 1 });
    const quick = createFacebookAdsConnector({ timeoutMs: 150 });
    const error = await failureOf(
      quick.readPage({ ...context, chunk: campaignsChunk, cursor: null, signal }),
    );
    expect(error.kind).toBe('retryable');
    expect(error.message).toBe('FACEBOOK_ADS /v21.0/act_42/campaigns: no answer within 150 ms');
  });

  it('cancels at once when the caller aborts', async () => {
    await admin.setFaults({ latencyMs: 5_000 });
    const controller = new AbortController();
    const pending = connector.readPage({
      ...context,
      chunk: campaignsChunk,
      cursor: null,
      signal: controller.signal,
    });
    controller.abort(new Error('cancelled by user'));
    await expect(pending).rejects.toThrow('cancelled by user');
  });

  it('describes the account and refreshes the token through fb_exchange_token', async () => {
    const info = await connector.describeAccount({ ...context, signal });
    expect(info.name).toBe('Tributary Demo Ads 42');
    expect(info.timezone).toBe('America/Los_Angeles');
    // Created on the UTC day 200 days ago, at a seeded time in that day's first half (so its
    // age in whole days is 199 shortly after midnight UTC: compare days, not ages).
    const day = (ms: number) => Math.floor(ms / 86_400_000);
    expect(day(info.createdAt.getTime())).toBe(day(Date.now()) - 200);
    const refreshed = await connector.refresh!({ ...context, signal });
    expect(refreshed.accessToken).toMatch(/^EAAB/);
    expect(refreshed.accessToken).not.toBe(context.credentials.accessToken);
    const days = (Date.parse(refreshed.expiresAt!) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(60);
  });

  it('converts a window to whole UTC days: [Jan 1, Apr 1) reads Jan 1 to Mar 31', async () => {
    const { records: campaigns } = await readChunkToEnd(connector, {
      ...context,
      chunk: campaignsChunk,
    });
    const chunk = {
      stream: 'ad_insights_daily',
      kind: 'insights',
      params: { level: 'campaign' },
      entityIds: campaigns.map((r) => r.externalId),
      windowStart: new Date(Date.now() - 30 * 86_400_000),
      windowEnd: new Date(),
    };
    const { records } = await readChunkToEnd(connector, { ...context, chunk });
    const dates = records.map((r) => String(r.data.date_start)).sort();
    const firstDay = chunk.windowStart.toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(dates[0]! >= firstDay).toBe(true);
    expect(dates.at(-1)! <= yesterday).toBe(true);
    for (const record of records) {
      expect(record.externalId).toBe(
        `campaign:${record.data.campaign_id}:${record.data.date_start}`,
      );
    }
  });
});
