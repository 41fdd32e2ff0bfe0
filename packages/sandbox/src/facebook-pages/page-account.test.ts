import { describe, expect, it } from 'vitest';
import { hash32, randomResumed, seededRandom } from '../shared/random.ts';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { createFacebookPagesSandbox } from './index.ts';
import { PageAccount } from './page-account.ts';

const ANCHOR = new Date('2025-06-01T12:00:00Z');
const CONFIG = { id: 'page_2001', name: 'Shop', conversations: 2000, ageDays: 60 };

/** Everything a reader can see of an inbox, conversation by conversation in edge order. */
function contents(account: PageAccount) {
  return account.conversationsNewestFirst().map((c) => ({
    id: c.id,
    customer: c.customer,
    updatedMs: c.updatedMs,
    unread: c.unreadCount,
    messages: c.messages,
  }));
}

describe('a Page inbox generated on first read of each conversation', () => {
  it('is the same inbox whichever conversations are read first', () => {
    const listedFirst = new PageAccount(CONFIG, 7, ANCHOR);
    const readFirst = new PageAccount(CONFIG, 7, ANCHOR);
    // Read some conversations' messages before anything else, backwards.
    for (let i = CONFIG.conversations - 1; i >= 0; i -= 3) {
      readFirst.conversation(`t_2001_${i}`)!.messages.at(0);
    }
    expect(contents(readFirst)).toEqual(contents(listedFirst));
  });

  it('orders the edge by the newest message, known before the messages are generated', () => {
    const account = new PageAccount(CONFIG, 7, ANCHOR);
    const order = account.conversationsNewestFirst().map((c) => c.updatedMs);
    const newest = account.conversationsNewestFirst().map((c) => c.messages.at(-1)!.createdMs);
    expect(newest).toEqual(order);
    expect([...order].sort((a, b) => b - a)).toEqual(order);
  });
});

describe('paging the conversations edge of a large inbox', () => {
  it('returns every conversation once, in edge order, across cursor pages', () => {
    const sandbox = createFacebookPagesSandbox(7);
    sandbox.reset(7, [{ provider: 'FACEBOOK_PAGES', ...CONFIG, ageDays: 3 }]);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const query = new URLSearchParams({
        access_token: 'EAAB-test',
        platform: 'messenger',
        fields: 'id,updated_time',
        limit: '97',
      });
      if (after) query.set('after', after);
      const request: SandboxRequest = {
        method: 'GET',
        path: '/v21.0/page_2001/conversations',
        query,
        headers: {},
        body: undefined,
      };
      const response = sandbox.handle(request, {
        now: ANCHOR,
        baseUrl: 'http://sandbox.test/graph',
      }) as SandboxResponse & {
        body: { data: { id: string }[]; paging?: { cursors: { after: string }; next?: string } };
      };
      expect(response.status).toBe(200);
      seen.push(...response.body.data.map((c) => c.id));
      after = response.body.paging?.next ? response.body.paging.cursors.after : undefined;
    } while (after);
    const expected = new PageAccount({ ...CONFIG, ageDays: 3 }, 7, ANCHOR)
      .conversationsNewestFirst()
      .map((c) => c.id);
    expect(seen).toEqual(expected);
  });
});

describe('a seeded sequence taken up later', () => {
  it('continues exactly where the draws before it stopped', () => {
    for (const seed of [0, 1, 0xffffffff, hash32('page_2001', 7)]) {
      const whole = seededRandom(seed);
      const drawn = Array.from({ length: 10 }, () => whole());
      const resumed = randomResumed(seed, 6);
      expect([resumed.next(), resumed.next(), resumed.next(), resumed.next()]).toEqual(
        drawn.slice(6),
      );
    }
  });
});
