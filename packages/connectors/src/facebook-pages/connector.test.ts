import { type ConnectionContext, isProviderError, ProviderError } from '@tributary/core';
import type { FaultSettings, TruthResult } from '@tributary/sandbox';
import { type PagesSandboxServer, startPagesSandboxServer } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { facebookPagesConnector as connector, createFacebookPagesConnector } from './connector.ts';
import { PAGES_HISTORY_FLOOR } from './fields.ts';
import { byStream, readChunk, truthOfRecords } from './testing/read-chunk.ts';

const STREAMS = ['conversations', 'messages', 'interaction_events'] as const;
const DAY = 86_400_000;
const PAGE = 'page_42';
const full = { stream: 'conversations', kind: 'conversations' };
let server: PagesSandboxServer;
let context: ConnectionContext;

beforeAll(async () => {
  server = await startPagesSandboxServer();
  context = {
    provider: 'FACEBOOK_PAGES',
    accountId: PAGE,
    baseUrl: server.baseUrl,
    allowedOrigins: [new URL(server.baseUrl).origin],
    credentials: { accessToken: 'EAAB-sandbox' },
  };
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.admin('POST', 'reset', {
    seed: 11,
    accounts: [{ provider: 'FACEBOOK_PAGES', id: PAGE, conversations: 30, ageDays: 200 }],
  });
});

const faults = (settings: FaultSettings) =>
  server.admin('PUT', 'faults', { providers: { FACEBOOK_PAGES: settings } });
const truth = (stream: string) =>
  server.admin<TruthResult>(
    'GET',
    `truth?provider=FACEBOOK_PAGES&accountId=${PAGE}&stream=${stream}`,
  );
const served = async () =>
  await server.admin<{ requests: number; throttled: number; failed: number }>('GET', 'stats');

async function expectTruth(records: Parameters<typeof byStream>[0]) {
  const streams = byStream(records);
  for (const stream of STREAMS) {
    const got = truthOfRecords(streams.get(stream)?.values() ?? []);
    expect(got, stream).toEqual(await truth(stream));
  }
}

describe('facebookPagesConnector: failures first', () => {
  it('names provider, endpoint and the problem when a response is malformed', async () => {
    await faults({ malformedRate: 1 });
    const error = await readChunk(connector, context, full).catch((e: unknown) => e);
    expect(isProviderError(error)).toBe(true);
    const providerError = error as ProviderError;
    expect(providerError.kind).toBe('malformed');
    expect(providerError.provider).toBe('FACEBOOK_PAGES');
    expect(providerError.endpoint).toBe(`/v21.0/${PAGE}/conversations`);
    expect(providerError.message).toMatch(
      /^FACEBOOK_PAGES \/v21\.0\/page_42\/conversations: (response is not JSON|missing field data)/,
    );
  });

  it('reports an expired token as auth_expired', async () => {
    await faults({ tokenExpired: true });
    const error = (await readChunk(connector, context, full).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe('FACEBOOK_PAGES:auth_expired:190');
  });

  it('stops at once when the caller aborts, with the abort reason rather than a provider error', async () => {
    await faults({ latencyMs: 5_000 });
    const controller = new AbortController();
    const page = connector.readPage({
      ...context,
      chunk: full,
      cursor: null,
      signal: controller.signal,
    });
    controller.abort(new Error('cancelled by test'));
    await expect(page).rejects.toThrow('cancelled by test');
  });

  it('reports throttling as rate_limited with the Page usage wait', async () => {
    await faults({ rateLimit: { requests: 1, windowMs: 90_000 } });
    const error = (await readChunk(connector, context, full).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error.kind).toBe('rate_limited');
    expect(error.providerCode).toBe('80001');
    expect(error.retryAfterMs).toBeGreaterThan(88_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('rejects chunks it cannot read before calling the provider', async () => {
    // Nothing listens there: a request would fail as a network error, not as bad input.
    const offline = { ...context, baseUrl: 'http://127.0.0.1:1/graph' };
    await expect(readChunk(connector, offline, { ...full, kind: 'posts' })).rejects.toThrow(
      /FACEBOOK_PAGES chunk kind: unknown kind posts/,
    );
    await expect(
      readChunk(connector, offline, { ...full, params: { stopAtUpdatedTime: 'yesterday' } }),
    ).rejects.toThrow(/stopAtUpdatedTime: not an ISO time/);
    await expect(
      connector.readPage({
        ...offline,
        chunk: full,
        cursor: { after: 42 },
        signal: AbortSignal.timeout(1000),
      }),
    ).rejects.toThrow(/cursor.after: not a Graph cursor/);
  });
});

describe('facebookPagesConnector: reads', () => {
  it('reads a whole Page equal to the sandbox truth, without duplicates', async () => {
    const read = await readChunk(connector, context, full, { pageSize: 7 });
    const ids = read.records.map((r) => `${r.stream}/${r.externalId}`);
    expect(new Set(ids).size).toBe(ids.length);
    await expectTruth(read.records);
    // One request per page of conversations: field expansion brings each conversation's
    // messages inline (https://developers.facebook.com/docs/graph-api/guides/field-expansion).
    expect(read.pages).toBe(5);
    expect(read.requests).toBe(5);
    expect((await served()).requests).toBe(read.requests);
    const conversations = [...byStream(read.records).get('conversations')!.values()];
    const newest = Math.max(...conversations.map((c) => c.modifiedAt!.getTime()));
    expect(read.streamCursor).toEqual({ newestUpdatedTime: new Date(newest).toISOString() });

    const page = await connector.readPage({
      ...context,
      chunk: full,
      cursor: null,
      signal: AbortSignal.timeout(5000),
    });
    expect(page.usage).toEqual([
      expect.objectContaining({ key: `FACEBOOK_PAGES:${PAGE}`, percentUsed: expect.any(Number) }),
    ]);
    expect(page.usage[0]!.raw['x-business-use-case-usage']).toContain('"type":"pages"');
    expect(page.itemLabel).toMatch(/^\S+ \S+$/);
  });

  it('reads the same truth through latency, 5xx, throttling, resets and malformed bodies', async () => {
    await faults({
      latencyMs: 2,
      errorRate: 0.1,
      resetRate: 0.05,
      malformedRate: 0.05,
      rateLimit: { requests: 2, windowMs: 500 },
    });
    const read = await readChunk(connector, context, full, { retryFailures: true, pageSize: 3 });
    const stats = await served();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.failed).toBeGreaterThan(0);
    expect(read.throttled).toBeGreaterThan(0);
    await expectTruth(read.records);
  });

  it('tiles recent and historical windows into exactly one full read', async () => {
    const now = new Date();
    const info = await connector.describeAccount({ ...context, signal: AbortSignal.timeout(5000) });
    const split = new Date(now.getTime() - 90 * DAY);
    const recent = await readChunk(connector, context, {
      ...full,
      windowStart: split,
      windowEnd: now,
    });
    const history = await readChunk(connector, context, {
      ...full,
      windowStart: info.createdAt,
      windowEnd: split,
    });
    const recentIds = new Set(recent.records.map((r) => r.externalId));
    expect(recent.records.length).toBeGreaterThan(0);
    expect(history.records.length).toBeGreaterThan(0);
    expect(history.records.filter((r) => recentIds.has(r.externalId))).toEqual([]);
    await expectTruth([...recent.records, ...history.records]);
    // The recent read stops at the first older conversation instead of paging to the end.
    const recentConversations = byStream(recent.records).get('conversations')!.size;
    expect(recent.pages).toBe(Math.ceil((recentConversations + 1) / 25));
  });

  it('hands the edge over from the recent window, so history starts where it stopped', async () => {
    const now = new Date();
    const split = new Date(now.getTime() - 60 * DAY);
    await server.admin('POST', 'stats/reset');
    const recent = await readChunk(
      connector,
      context,
      { ...full, windowStart: split, windowEnd: now, params: { handOverHistory: true } },
      { pageSize: 4 },
    );
    const handed = recent.streamCursor!.recentRead as {
      newestUpdatedTime: string;
      historyAfter: string;
    };
    expect(typeof handed.historyAfter).toBe('string');
    // The crossing page is kept whole: it holds conversations older than the window too...
    const recentConversations = [...byStream(recent.records).get('conversations')!.values()];
    expect(recentConversations.some((c) => c.modifiedAt! < split)).toBe(true);
    // ...but only the window's conversations move the watermark.
    const inWindow = recentConversations.filter((c) => c.modifiedAt! >= split);
    const newest = Math.max(...inWindow.map((c) => c.modifiedAt!.getTime()));
    expect(handed.newestUpdatedTime).toBe(new Date(newest).toISOString());
    const history = await readChunk(
      connector,
      context,
      { ...full, windowStart: PAGES_HISTORY_FLOOR, windowEnd: split },
      { pageSize: 4, cursor: { after: handed.historyAfter } },
    );
    await expectTruth([...recent.records, ...history.records]);
    // 30 conversations, 4 per page: the edge's 8 pages, each read once.
    expect(recent.pages + history.pages).toBe(8);
    expect((await served()).requests).toBe(8);
    expect(Date.parse(String(history.streamCursor!.newestUpdatedTime))).toBeLessThan(
      split.getTime(),
    );
  });

  it('says when the recent window read the whole edge: no history is left', async () => {
    const now = new Date();
    const read = await readChunk(connector, context, {
      ...full,
      windowStart: new Date(now.getTime() - 400 * DAY),
      windowEnd: now,
      params: { handOverHistory: true },
    });
    expect(read.streamCursor).toEqual({
      recentRead: { newestUpdatedTime: expect.any(String), historyAfter: null },
    });
    await expectTruth(read.records);
  });

  it('estimates the chunk from the share of its window read so far, refined every page', async () => {
    const now = new Date();
    const chunk = { ...full, windowStart: new Date(now.getTime() - 200 * DAY), windowEnd: now };
    const estimates: number[] = [];
    let cursor: Record<string, unknown> | null = null;
    let records = 0;
    for (;;) {
      const page = await connector.readPage({
        ...context,
        chunk,
        cursor,
        pageSize: 5,
        signal: AbortSignal.timeout(5000),
      });
      records += page.records.length;
      estimates.push(page.estimatedTotal!);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(estimates.every((e) => e >= 1)).toBe(true);
    // The last page knows exactly.
    expect(estimates.at(-1)).toBe(records);
    // Open-ended history (no known start) gives no estimate rather than a wrong one.
    const open = await connector.readPage({
      ...context,
      chunk: { ...full, windowStart: PAGES_HISTORY_FLOOR, windowEnd: now },
      cursor: null,
      pageSize: 5,
      signal: AbortSignal.timeout(5000),
    });
    expect(open.estimatedTotal).toBeUndefined();
  });

  it('reads only what changed after the last stream cursor, and stops early', async () => {
    const first = await readChunk(connector, context, full);
    const counts = await server.admin('POST', 'mutate', {
      provider: 'FACEBOOK_PAGES',
      accountId: PAGE,
      add: { conversations: 2, messages: 3 },
    });
    expect(counts).toEqual({ added: 5, updated: 3, removed: 0 });
    const stopAt = String(first.streamCursor!.newestUpdatedTime);
    const next = await readChunk(connector, context, {
      ...full,
      params: { stopAtUpdatedTime: stopAt },
    });
    const changed = byStream(next.records).get('conversations')!;
    expect(changed.size).toBe(5);
    expect(next.requests).toBe(1);
    expect(Date.parse(String(next.streamCursor!.newestUpdatedTime))).toBeGreaterThan(
      Date.parse(stopAt),
    );

    // The union holds what a fresh full read holds, plus, per bumped conversation that
    // already had 25+ messages, the one message (and event) pushed out of its 25 most recent:
    // the stored copy stays, the truth no longer counts it.
    const fresh = byStream((await readChunk(connector, context, full)).records);
    const union = byStream([...first.records, ...next.records]);
    const pushedOut = [...changed.values()].filter((c) => Number(c.data.message_count) > 25).length;
    for (const stream of STREAMS) {
      const stored = [...union.get(stream)!.values()];
      const kept = stored.filter((r) => fresh.get(stream)!.has(r.externalId));
      expect(truthOfRecords(kept), stream).toEqual(await truth(stream));
      expect(stored.length - kept.length, stream).toBe(stream === 'conversations' ? 0 : pushedOut);
    }

    const idle = await readChunk(connector, context, {
      ...full,
      params: { stopAtUpdatedTime: next.streamCursor!.newestUpdatedTime },
    });
    expect(idle).toMatchObject({ records: [], requests: 1, streamCursor: next.streamCursor });
  });

  it('derives one stable interaction event per kept message', async () => {
    const read = await readChunk(connector, context, full);
    const streams = byStream(read.records);
    for (const [id, message] of streams.get('messages')!) {
      const event = streams.get('interaction_events')!.get(`ie_${id}`)!;
      const sent = (message.data.from as { id: string }).id === PAGE;
      expect(event.data).toMatchObject({
        type: sent ? 'message_sent' : 'message_received',
        at: message.data.created_time,
        conversation_id: expect.stringMatching(/^t_42_\d+$/),
      });
    }
  });

  it('describes the Page in two requests, from its oldest conversation when one page holds all', async () => {
    const signal = AbortSignal.timeout(5000);
    await server.admin('POST', 'stats/reset');
    const info = await connector.describeAccount({ ...context, signal });
    expect((await served()).requests).toBe(2);
    const read = await readChunk(connector, context, full);
    const oldest = Math.min(
      ...read.records
        .filter((r) => r.stream === 'conversations')
        .map((r) => r.modifiedAt!.getTime()),
    );
    expect(info).toEqual({ name: 'Sandbox Page 42', createdAt: new Date(oldest) });

    // More than one page of conversations: still two requests; history starts at the floor.
    await server.admin('POST', 'reset', {
      seed: 11,
      accounts: [{ provider: 'FACEBOOK_PAGES', id: PAGE, conversations: 5000, ageDays: 900 }],
    });
    const large = await connector.describeAccount({ ...context, signal });
    expect(large.createdAt).toEqual(PAGES_HISTORY_FLOOR);
    expect((await served()).requests).toBe(2);

    const refreshed = await connector.refresh!({ ...context, signal });
    expect(refreshed.accessToken).toMatch(/^EAAB/);
    expect(Date.parse(refreshed.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY);
    const unknownApp = createFacebookPagesConnector({ appId: '', appSecret: '' });
    const failed = (await unknownApp.refresh!({ ...context, signal }).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(failed).toBeInstanceOf(ProviderError);
    expect(failed).toMatchObject({ kind: 'permanent', endpoint: '/v21.0/oauth/access_token' });
  });
});
