import { type ConnectionContext, isProviderError, ProviderError } from '@tributary/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { facebookPagesConnector as connector } from './connector.ts';
import { type LocalSandbox, startLocalSandbox } from './testing/local-sandbox.ts';
import { byStream, readChunk, truthOfRecords } from './testing/read-chunk.ts';

const STREAMS = ['conversations', 'messages', 'interaction_events'] as const;
const DAY = 86_400_000;
let host: LocalSandbox;
let context: ConnectionContext;

beforeAll(async () => {
  host = await startLocalSandbox(11);
  context = {
    provider: 'FACEBOOK_PAGES',
    accountId: 'page_42',
    baseUrl: host.baseUrl,
    credentials: { accessToken: 'EAAB-sandbox' },
  };
});
afterAll(() => host.close());
beforeEach(() => {
  host.sandbox.reset(11, [
    { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 30, ageDays: 200 },
  ]);
  host.setFaults({});
});

function expectTruth(records: Parameters<typeof byStream>[0]) {
  const streams = byStream(records);
  for (const stream of STREAMS) {
    const got = truthOfRecords(streams.get(stream)?.values() ?? []);
    expect(got, stream).toEqual(host.sandbox.truth('page_42', stream, new Date()));
  }
}

const full = { stream: 'conversations', kind: 'conversations' };

describe('facebookPagesConnector: failures first', () => {
  it('names provider, endpoint and the problem when a response is malformed', async () => {
    host.setFaults({ malformedRate: 1 });
    const error = await readChunk(connector, context, full).catch((e: unknown) => e);
    expect(isProviderError(error)).toBe(true);
    const providerError = error as ProviderError;
    expect(providerError.kind).toBe('malformed');
    expect(providerError.provider).toBe('FACEBOOK_PAGES');
    expect(providerError.endpoint).toBe('/v21.0/page_42/conversations');
    expect(providerError.message).toMatch(
      /FACEBOOK_PAGES \/v21\.0\/page_42\/conversations: (response is not JSON|missing field data)/,
    );
  });

  it('reports an expired token as auth_expired', async () => {
    const expired = { ...context, credentials: { accessToken: 'expired-1' } };
    const error = await readChunk(connector, expired, full).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth_expired');
    expect((error as ProviderError).code).toBe('FACEBOOK_PAGES:auth_expired:190');
  });

  it('reports throttling as rate_limited with the Page usage wait, under the page budget key', async () => {
    host.setFaults({ throttleRate: 1, retryAfterSec: 90 });
    const error = (await readChunk(connector, context, full).catch(
      (e: unknown) => e,
    )) as ProviderError;
    expect(error.kind).toBe('rate_limited');
    expect(error.providerCode).toBe('80001');
    expect(error.retryAfterMs).toBe(90_000);
  });

  it('rejects chunks it cannot read before calling the provider', async () => {
    const before = host.requests;
    await expect(readChunk(connector, context, { ...full, kind: 'posts' })).rejects.toThrow(
      /unknown kind posts/,
    );
    await expect(
      readChunk(connector, context, { ...full, params: { stopAtUpdatedTime: 'yesterday' } }),
    ).rejects.toThrow(/stopAtUpdatedTime: not an ISO time/);
    expect(host.requests).toBe(before);
  });
});

describe('facebookPagesConnector: reads', () => {
  it('reads a whole Page equal to the sandbox truth, without duplicates', async () => {
    const read = await readChunk(connector, context, full, { pageSize: 7 });
    const ids = read.records.map((r) => `${r.stream}/${r.externalId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expectTruth(read.records);
    expect(read.pages).toBe(5);
    expect(read.requests).toBe(5 + 30);
    const newest = host.sandbox.truthRecords('page_42', 'conversations', new Date())[0]!;
    expect(read.streamCursor).toEqual({
      newestUpdatedTime: new Date(Date.parse(String(newest.data.updated_time))).toISOString(),
    });
    const usage = await connector.readPage({
      ...context,
      chunk: full,
      cursor: null,
      signal: AbortSignal.timeout(5000),
    });
    expect(usage.usage[0]).toMatchObject({ key: 'FACEBOOK_PAGES:page_42', percentUsed: 12 });
    expect(usage.itemLabel).toMatch(/^\S+ \S+$/);
  });

  it('reads the same truth through latency, 5xx, throttling, resets and malformed bodies', async () => {
    host.setFaults({
      latencyMs: 2,
      errorRate: 0.1,
      throttleRate: 0.05,
      retryAfterSec: 0.05,
      resetRate: 0.05,
      malformedRate: 0.05,
    });
    const read = await readChunk(connector, context, full, { retryFailures: true, pageSize: 10 });
    expect(read.failures + read.throttled).toBeGreaterThan(0);
    expectTruth(read.records);
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
    expectTruth([...recent.records, ...history.records]);
    // The recent read stops at the first older conversation instead of paging to the end.
    expect(recent.pages).toBe(
      Math.ceil((byStream(recent.records).get('conversations')!.size + 1) / 25),
    );
  });

  it('reads only what changed after the last stream cursor, and stops early', async () => {
    const first = await readChunk(connector, context, full);
    const counts = host.sandbox.mutate(
      'page_42',
      { add: { conversations: 2, messages: 3 } },
      new Date(),
    );
    expect(counts.updated).toBe(3);
    const stopAt = String(first.streamCursor!.newestUpdatedTime);
    const next = await readChunk(connector, context, {
      ...full,
      params: { stopAtUpdatedTime: stopAt },
    });
    const changed = byStream(next.records).get('conversations')!;
    expect(changed.size).toBe(5);
    expect(next.requests).toBe(1 + 5);
    expect(Date.parse(String(next.streamCursor!.newestUpdatedTime))).toBeGreaterThan(
      Date.parse(stopAt),
    );

    // Conversations match exactly. A conversation that already had 25+ messages pushes its
    // 25th most recent out of the truth (the product keeps the 25 most recent) while the
    // stored copy stays: exactly one such extra message (and event) per bumped long conversation.
    const union = byStream([...first.records, ...next.records]);
    const now = new Date();
    expect(truthOfRecords(union.get('conversations')!.values())).toEqual(
      host.sandbox.truth('page_42', 'conversations', now),
    );
    const pushedOut = [...changed.values()].filter((c) => Number(c.data.message_count) > 25).length;
    for (const stream of ['messages', 'interaction_events'] as const) {
      const truthIds = new Set(
        host.sandbox.truthRecords('page_42', stream, now).map((r) => r.externalId),
      );
      const stored = [...union.get(stream)!.values()];
      const kept = stored.filter((r) => truthIds.has(r.externalId));
      expect(truthOfRecords(kept), stream).toEqual(host.sandbox.truth('page_42', stream, now));
      expect(stored.length - kept.length, stream).toBe(pushedOut);
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
      const sent = (message.data.from as { id: string }).id === 'page_42';
      expect(event.data).toMatchObject({
        type: sent ? 'message_sent' : 'message_received',
        at: message.data.created_time,
      });
    }
  });

  it('describes the Page and refreshes its token', async () => {
    const signal = AbortSignal.timeout(5000);
    const info = await connector.describeAccount({ ...context, signal });
    const oldest = host.sandbox.truthRecords('page_42', 'conversations', new Date()).at(-1)!;
    expect(info).toEqual({
      name: 'Sandbox Page 42',
      createdAt: new Date(Date.parse(String(oldest.data.updated_time))),
    });
    const refreshed = await connector.refresh!({ ...context, signal });
    expect(refreshed.accessToken).toMatch(/^EAAB/);
    expect(Date.parse(refreshed.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY);
    const expired = connector.refresh!({
      ...context,
      credentials: { accessToken: 'expired-2' },
      signal,
    });
    await expect(expired).rejects.toMatchObject({ kind: 'auth_expired' });
  });
});
