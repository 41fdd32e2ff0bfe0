import { describe, expect, it } from 'vitest';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { createFacebookPagesSandbox } from './index.ts';

type Item = Record<string, string>;
/** The parts of Graph bodies these tests read. */
type GraphBody = {
  data: Item[];
  paging: { cursors: { after: string }; next?: string };
  error: Item;
  access_token: string;
};

const NOW = new Date('2025-06-01T12:00:00Z');
const BASE = 'http://sandbox.test/graph';

function get(
  path: string,
  query: Record<string, string> = {},
  token = 'EAAB-test',
): SandboxRequest {
  const params = new URLSearchParams(query);
  if (token) params.set('access_token', token);
  return { method: 'GET', path, query: params, headers: {}, body: undefined };
}

function call(sandbox: ReturnType<typeof createFacebookPagesSandbox>, request: SandboxRequest) {
  return sandbox.handle(request, { now: NOW, baseUrl: BASE }) as SandboxResponse & {
    body: GraphBody;
  };
}

describe('Facebook Pages emulator: failures first', () => {
  const sandbox = createFacebookPagesSandbox(3);

  it('answers a request without a token with an OAuthException', () => {
    const response = call(sandbox, get('/v21.0/page_2001', {}, ''));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'OAuthException', code: 2500 });
  });

  it('answers an expired token with code 190 / 463', () => {
    const response = call(sandbox, get('/v21.0/page_2001', {}, 'expired-token'));
    expect(response.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(response.body.error.fbtrace_id).toEqual(expect.any(String));
  });

  it('rejects fields the node does not have with #100, naming field and node type', () => {
    const response = call(sandbox, get('/v21.0/page_2001', { fields: 'name,created_time' }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(100);
    expect(response.body.error.message).toContain('(created_time) on node type (Page)');
  });

  it('answers unknown objects and bad cursors like Graph', () => {
    expect(call(sandbox, get('/v21.0/page_9999')).body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
    expect(call(sandbox, get('/v21.0/t_2001_99999/messages')).body.error.error_subcode).toBe(33);
    const bad = call(sandbox, get('/v21.0/page_2001/conversations', { after: 'garbage' }));
    expect(bad.body.error.code).toBe(100);
  });

  it('rejects invalid reset accounts and unsupported mutations, changing nothing', () => {
    const before = sandbox.truth('page_2001', 'conversations', NOW);
    expect(() => sandbox.reset(1, [{ provider: 'FACEBOOK_PAGES', id: 'nope' }])).toThrow(
      /page ids look like/,
    );
    expect(() => sandbox.mutate('page_2001', { update: { messages: 1 } }, NOW)).toThrow(
      /cannot be edited/,
    );
    expect(() => sandbox.mutate('page_2001', { add: { conversations: -1 } }, NOW)).toThrow(
      /invalid mutation/,
    );
    expect(() => sandbox.mutate('page_404', { add: { conversations: 1 } }, NOW)).toThrow(
      /no account/,
    );
    expect(() => sandbox.truth('page_2001', 'posts', NOW)).toThrow(/unknown stream posts/);
    expect(sandbox.truth('page_2001', 'conversations', NOW)).toEqual(before);
  });

  it('gives real Graph bodies for injected faults', () => {
    const throttled = sandbox.faultResponse('throttled', {
      accountId: 'page_2001',
      retryAfterSec: 3,
      percentUsed: 100,
    });
    expect(throttled.body).toMatchObject({ error: { code: 80001, is_transient: true } });
    const buc = JSON.parse(throttled.headers!['x-business-use-case-usage']!);
    expect(buc.page_2001[0]).toMatchObject({
      type: 'pages',
      call_count: 100,
      estimated_time_to_regain_access: 0.05,
    });
    expect(sandbox.faultResponse('server_error', { retryAfterSec: 0, percentUsed: 0 }).status).toBe(
      500,
    );
    expect(
      (
        sandbox.faultResponse('too_much_data', { retryAfterSec: 0, percentUsed: 0 })
          .body as GraphBody
      ).error.code,
    ).toBe(1);
    expect(
      (
        sandbox.faultResponse('token_expired', { retryAfterSec: 0, percentUsed: 0 })
          .body as GraphBody
      ).error.code,
    ).toBe(190);
  });
});

describe('Facebook Pages emulator: data', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const [a, b, c] = [
      createFacebookPagesSandbox(5),
      createFacebookPagesSandbox(5),
      createFacebookPagesSandbox(6),
    ];
    const truth = (s: typeof a) => s.truth('page_2001', 'messages', NOW);
    expect(truth(a)).toEqual(truth(b));
    expect(truth(a).digest).not.toBe(truth(c).digest);
  });

  it('seeds page_2001 with 1000 conversations over about two years, some longer than 25 messages', () => {
    const sandbox = createFacebookPagesSandbox(1);
    const conversations = sandbox.truthRecords('page_2001', 'conversations', NOW);
    expect(conversations).toHaveLength(1000);
    const times = conversations.map((c) => Date.parse(String(c.data.updated_time)));
    const spanDays = (Math.max(...times) - Math.min(...times)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(690);
    expect(Math.max(...times)).toBeLessThan(NOW.getTime());
    const long = conversations.filter((c) => Number(c.data.message_count) > 25).length;
    expect(long).toBeGreaterThan(100);
    const kept = sandbox.truth('page_2001', 'messages', NOW).count;
    const all = conversations.reduce((sum, c) => sum + Number(c.data.message_count), 0);
    expect(kept).toBeLessThan(all);
    expect(sandbox.truth('page_2001', 'interaction_events', NOW).count).toBe(kept);
  });

  it('pages conversations newest first with keyset cursors and paging.next', () => {
    const sandbox = createFacebookPagesSandbox(2);
    sandbox.reset(2, [
      { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 30, ageDays: 200 },
    ]);
    const seen: string[] = [];
    const times: number[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const query: Record<string, string> = {
        fields: 'id,updated_time',
        limit: '7',
        platform: 'messenger',
      };
      if (after) query.after = after;
      const { body } = call(sandbox, get('/v21.0/page_42/conversations', query));
      seen.push(...body.data.map((c) => c.id!));
      times.push(...body.data.map((c) => Date.parse(c.updated_time!)));
      if (!body.paging?.next) break;
      expect(body.paging.next).toContain(`${BASE}/v21.0/page_42/conversations?`);
      after = body.paging.cursors.after;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(() => sandbox.truth('page_2001', 'conversations', NOW)).toThrow(/no account/);
  });

  it('pages messages newest first, and returns only the requested fields', () => {
    const sandbox = createFacebookPagesSandbox(1);
    const conversation = sandbox
      .truthRecords('page_2001', 'conversations', NOW)
      .find((c) => Number(c.data.message_count) > 30)!;
    const first = call(
      sandbox,
      get(`/v21.0/${conversation.externalId}/messages`, {
        fields: 'id,created_time,from',
        limit: '25',
      }),
    );
    expect(first.body.data).toHaveLength(25);
    expect(Object.keys(first.body.data[0]!)).toEqual(['id', 'created_time', 'from']);
    expect(first.body.data[0]!.created_time).toBe(conversation.data.updated_time);
    const rest = call(
      sandbox,
      get(`/v21.0/${conversation.externalId}/messages`, {
        after: first.body.paging.cursors.after,
        limit: '100',
      }),
    );
    expect(first.body.data.length + rest.body.data.length).toBe(conversation.data.message_count);
    expect(rest.body.paging.next).toBeUndefined();
  });

  it('adds conversations and messages on mutate, bumping updated_time past everything before', () => {
    const sandbox = createFacebookPagesSandbox(4);
    sandbox.reset(4, [
      { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 20, ageDays: 100 },
    ]);
    const before = sandbox.truthRecords('page_42', 'conversations', NOW);
    const newest = Math.max(...before.map((c) => Date.parse(String(c.data.updated_time))));
    const counts = sandbox.mutate('page_42', { add: { conversations: 2, messages: 3 } }, NOW);
    expect(counts).toEqual({ added: 5, updated: 3, removed: 0 });
    const after = sandbox.truthRecords('page_42', 'conversations', NOW);
    expect(after).toHaveLength(22);
    const changed = after.filter((c) => Date.parse(String(c.data.updated_time)) > newest);
    expect(changed).toHaveLength(5);
  });

  it('runs the OAuth code flow and fb_exchange_token', () => {
    const sandbox = createFacebookPagesSandbox(1);
    const dialog = call(
      sandbox,
      get(
        '/v21.0/dialog/oauth',
        { client_id: 'app', redirect_uri: 'http://app.test/cb', state: 's1' },
        '',
      ),
    );
    expect(dialog.status).toBe(302);
    const location = new URL(dialog.headers!.location!);
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code')!;
    const exchange = {
      client_id: 'app',
      client_secret: 'secret',
      redirect_uri: 'http://app.test/cb',
      code,
    };
    const token = call(sandbox, get('/v21.0/oauth/access_token', exchange, ''));
    expect(token.body).toMatchObject({
      access_token: expect.stringMatching(/^EAAB/),
      token_type: 'bearer',
    });
    expect(
      call(sandbox, get('/v21.0/oauth/access_token', exchange, '')).body.error.error_subcode,
    ).toBe(36009);
    const long = call(
      sandbox,
      get(
        '/v21.0/oauth/access_token',
        {
          client_id: 'app',
          client_secret: 's',
          grant_type: 'fb_exchange_token',
          fb_exchange_token: token.body.access_token,
        },
        '',
      ),
    );
    expect(long.body.access_token).not.toBe(token.body.access_token);
  });

  it('claims its own ids and Facebook Login on the shared Graph host, naming the account', () => {
    const sandbox = createFacebookPagesSandbox(1);
    for (const [path, account] of [
      ['/v21.0/page_2001/conversations', 'page_2001'],
      ['/v21.0/t_2001_17/messages', 'page_2001'],
      ['/v21.0/m_a_1_5_3', 'page_a_1'],
    ] as const) {
      expect(sandbox.owns(get(path))).toBe(true);
      expect(sandbox.accountOf(get(path))).toBe(account);
    }
    expect(sandbox.owns(get('/v21.0/act_1001/campaigns'))).toBe(false);
    expect(sandbox.owns(get('/v21.0/23850000000001'))).toBe(false);
    expect(sandbox.owns(get('/v21.0/oauth/access_token'))).toBe(true);
    expect(sandbox.accountOf(get('/v21.0/oauth/access_token'))).toBeUndefined();
  });
});
