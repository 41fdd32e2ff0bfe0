import { describe, expect, it } from 'vitest';
import { fanOutFacebookAds, planFacebookAds } from './facebook-ads.ts';
import { planFacebookPages, RECENT_READ_KEY } from './facebook-pages.ts';
import { fanOutMailFolder, mailWindows, planMicrosoftMail } from './microsoft-mail.ts';
import type { PlanContext } from './types.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-24T15:30:00Z');
const context = (over: Partial<PlanContext> = {}): PlanContext => ({
  mode: 'INITIAL',
  phase: 'RECENT',
  now,
  accountCreatedAt: new Date(now.getTime() - 730 * DAY),
  customWindow: null,
  streams: null,
  streamStates: {},
  basePriority: 1000,
  ...over,
});
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const entities = { campaign: ids('c', 351), adset: ids('s', 700), ad: ids('a', 1000) };

describe('Facebook Ads planning', () => {
  it('discovers structure before insights in RECENT, and reuses it in HISTORICAL', () => {
    const recent = planFacebookAds(context());
    expect(recent.chunks.map((c) => c.stream)).toEqual(['campaigns', 'adsets', 'ads']);
    expect(recent.fanOut).toBe(true);
    expect(planFacebookAds(context({ phase: 'HISTORICAL' }))).toEqual({ chunks: [], fanOut: true });
  });

  it('batches 50 campaigns / 50 ad sets / 100 ads per insights chunk', () => {
    const chunks = fanOutFacebookAds(context(), entities);
    const by = (level: string) =>
      chunks.filter((c) => c.params?.level === level).map((c) => c.entityIds!.length);
    expect(by('campaign')).toEqual([50, 50, 50, 50, 50, 50, 50, 1]);
    expect(by('adset')).toHaveLength(14);
    expect(by('ad')).toEqual(Array(10).fill(100));
    expect(chunks[0]?.label).toBe('Ad insights, campaigns 1–50, 2026-08-27 → 2026-11-24');
  });

  it('RECENT and HISTORICAL insights windows tile the account life in whole days, newest first', () => {
    const one = { campaign: ['c'], adset: [], ad: [] };
    const windows = [
      ...fanOutFacebookAds(context(), one),
      ...fanOutFacebookAds(context({ phase: 'HISTORICAL' }), one),
    ].map((c) => [c.windowStart!.getTime(), c.windowEnd!.getTime()] as const);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![1]).toBe(windows[i - 1]![0]);
    expect(windows[0]![1]).toBe(Date.parse('2026-11-25T00:00:00Z'));
    expect(windows.at(-1)![0]).toBe(Date.parse('2024-11-24T00:00:00Z'));
    for (const [start, end] of windows) {
      expect(start % DAY).toBe(0);
      expect(end - start).toBeLessThanOrEqual(90 * DAY);
    }
  });

  it('INCREMENTAL reads structure changed since the watermark and re-reads 28 days of insights', () => {
    const watermark = new Date('2026-11-20T00:00:00Z');
    const ctx = context({
      mode: 'INCREMENTAL',
      phase: 'INCREMENTAL',
      streamStates: { campaigns: { cursor: null, watermark } },
    });
    const plan = planFacebookAds(ctx);
    expect(plan.chunks[0]?.params).toEqual({ updatedSince: '2026-11-19T23:55:00.000Z' });
    const insights = fanOutFacebookAds(ctx, { campaign: ['c'], adset: [], ad: [] });
    expect(insights).toHaveLength(1);
    expect(insights[0]!.windowEnd!.getTime() - insights[0]!.windowStart!.getTime()).toBe(28 * DAY);
  });

  it('only plans requested streams', () => {
    const plan = planFacebookAds(context({ streams: ['campaigns'] }));
    expect(plan).toEqual({
      chunks: [expect.objectContaining({ stream: 'campaigns' })],
      fanOut: false,
    });
  });
});

describe('Messenger planning', () => {
  it('pages conversations once per phase; incremental stops at the stored cursor', () => {
    expect(planFacebookPages(context()).chunks).toHaveLength(1);
    const inc = planFacebookPages(
      context({
        phase: 'INCREMENTAL',
        streamStates: {
          conversations: { cursor: { newestUpdatedTime: '2026-11-01T00:00:00Z' }, watermark: null },
        },
      }),
    );
    expect(inc.chunks[0]?.params).toEqual({ stopAtUpdatedTime: '2026-11-01T00:00:00Z' });
  });

  it('hands the edge from RECENT to one HISTORICAL chunk, so each page is read once', () => {
    const [recent] = planFacebookPages(context()).chunks;
    expect(recent).toMatchObject({
      params: { handOverHistory: true },
      streamCursorKey: RECENT_READ_KEY,
    });
    const state = (recentRead: unknown) => ({
      conversations: { cursor: { [RECENT_READ_KEY]: recentRead }, watermark: null },
    });
    const historical = planFacebookPages(
      context({
        phase: 'HISTORICAL',
        streamStates: state({ newestUpdatedTime: '2026-11-24T15:00:00Z', historyAfter: 'QWZ0' }),
      }),
    ).chunks;
    expect(historical).toEqual([
      expect.objectContaining({
        windowStart: new Date(now.getTime() - 730 * DAY),
        windowEnd: new Date(now.getTime() - 90 * DAY),
        inputCursor: { after: 'QWZ0' },
      }),
    ]);
    expect(historical[0]).not.toHaveProperty('streamCursorKey');
    // The recent read reached the edge's end: nothing is left for history.
    const none = context({ phase: 'HISTORICAL', streamStates: state({ historyAfter: null }) });
    expect(planFacebookPages(none).chunks).toEqual([]);
    // Incremental stops at the newer of the two watermarks.
    const inc = planFacebookPages(
      context({
        phase: 'INCREMENTAL',
        streamStates: {
          conversations: {
            cursor: {
              newestUpdatedTime: '2026-10-01T00:00:00Z',
              [RECENT_READ_KEY]: { newestUpdatedTime: '2026-11-20T00:00:00Z' },
            },
            watermark: null,
          },
        },
      }),
    );
    expect(inc.chunks[0]?.params).toEqual({ stopAtUpdatedTime: '2026-11-20T00:00:00Z' });
  });
});

describe('Mail planning', () => {
  const inbox = { id: 'inbox', name: 'Inbox' };
  const withStored = (phase: PlanContext['phase'], stored: unknown) =>
    context({
      phase,
      streamStates: { messages: { cursor: { 'delta:inbox': stored }, watermark: null } },
    });

  it('sizes custom-range window chunks by @odata.count; no other phase counts anything', () => {
    const window = { start: new Date(now.getTime() - 90 * DAY), end: now };
    const custom = context({ mode: 'CUSTOM_RANGE', phase: 'CUSTOM', customWindow: window });
    expect(mailWindows(custom)).toEqual([window]);
    const chunks = fanOutMailFolder(custom, inbox, [window], [2500]);
    expect(chunks.map((c) => c.kind)).toEqual(['window', 'window', 'window']);
    for (const phase of ['RECENT', 'HISTORICAL', 'INCREMENTAL'] as const)
      expect(mailWindows(context({ phase }))).toEqual([]);
  });

  // One delta round per folder reads each message once: RECENT stops it at 90 days and
  // HISTORICAL continues it (https://learn.microsoft.com/graph/delta-query-messages).
  it('reads each folder in one delta round that RECENT starts and HISTORICAL finishes', () => {
    const [recent] = fanOutMailFolder(context(), inbox, [], []);
    expect(recent).toMatchObject({
      kind: 'delta',
      params: { folderId: 'inbox', stopBefore: new Date(now.getTime() - 90 * DAY).toISOString() },
      streamCursorKey: 'delta:inbox',
    });
    expect(recent).not.toHaveProperty('inputCursor');
    const history = fanOutMailFolder(withStored('HISTORICAL', { nextLink: 'next' }), inbox, [], []);
    expect(history).toEqual([
      expect.objectContaining({
        kind: 'delta',
        params: { folderId: 'inbox' },
        inputCursor: { nextLink: 'next' },
        streamCursorKey: 'delta:inbox',
      }),
    ]);
    // RECENT finished the round (the folder holds only recent mail): nothing left to read.
    expect(fanOutMailFolder(withStored('HISTORICAL', 'delta-link'), inbox, [], [])).toEqual([]);
    // No round started (a folder RECENT did not see): read it whole.
    expect(fanOutMailFolder(context({ phase: 'HISTORICAL' }), inbox, [], [])).toEqual([
      expect.not.objectContaining({ inputCursor: expect.anything() }),
    ]);
    expect(planMicrosoftMail(context({ phase: 'HISTORICAL' }))).toEqual({
      chunks: [],
      fanOut: true,
    });
  });

  it('follows a stored delta link incrementally, or reads the folder anew without one', () => {
    expect(fanOutMailFolder(withStored('INCREMENTAL', 'link'), inbox, [], [])).toEqual([
      expect.objectContaining({ kind: 'delta', inputCursor: { deltaLink: 'link' } }),
    ]);
    // A round HISTORICAL never finished is no delta link.
    const unfinished = fanOutMailFolder(
      withStored('INCREMENTAL', { nextLink: 'n' }),
      inbox,
      [],
      [],
    );
    expect(unfinished).toEqual([
      expect.objectContaining({ kind: 'delta', params: { folderId: 'inbox' } }),
    ]);
    expect(unfinished[0]).not.toHaveProperty('inputCursor');
  });
});
