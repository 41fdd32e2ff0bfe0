import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MailSandboxHarness,
  startMailSandboxHarness,
} from '../testing/mail-sandbox-harness.ts';

let sandbox: MailSandboxHarness;
const AUTH = { Authorization: 'Bearer anything' };

beforeAll(async () => {
  sandbox = await startMailSandboxHarness();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset(3));

/** The parts of Graph bodies these tests read. */
type GraphBody = {
  error: { code: string; innerError: Record<string, string> };
  value: { receivedDateTime: string }[];
  '@odata.nextLink': string;
  '@odata.count': number;
  createdDateTime: string;
};

async function get(path: string, headers: Record<string, string> = AUTH) {
  const response = await fetch(`${sandbox.baseUrl}${path}`, { headers, redirect: 'manual' });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphBody,
  };
}

describe('Microsoft Graph mail emulator', () => {
  // Only directory objects need ConsistencyLevel for $count; Outlook messages count without it:
  // https://learn.microsoft.com/graph/query-parameters#count-parameter
  it('counts messages with $count=true, with or without ConsistencyLevel', async () => {
    const path = '/v1.0/users/user_3001/mailFolders/inbox/messages?$count=true&$top=1';
    const without = await get(path);
    expect(without.status).toBe(200);
    expect(without.body['@odata.count']).toBeGreaterThan(1000);
    const withHeader = await get(path, { ...AUTH, ConsistencyLevel: 'eventual' });
    expect(withHeader.body['@odata.count']).toBe(without.body['@odata.count']);
    expect((await get('/v1.0/users/user_3001/messages?$count=maybe')).status).toBe(400);
  });

  // GET /me/... is the signed-in user: https://learn.microsoft.com/graph/api/user-list-messages
  it('answers /me/... as the signed-in user’s /users/{id}/...', async () => {
    const me = await get('/v1.0/me/mailFolders/inbox/messages?$top=3');
    const user = await get('/v1.0/users/user_3001/mailFolders/inbox/messages?$top=3');
    expect(me.status).toBe(200);
    expect(me.body.value).toEqual(user.body.value);
    expect((await get('/v1.0/me')).body).toMatchObject({ id: expect.any(String) });
    expect((await get('/v1.0/me/nothing')).status).toBe(400);
  });

  // Outlook list paging is by offset: https://learn.microsoft.com/graph/api/user-list-messages
  it('pages lists by $skip, so a message deleted between pages shifts the later ones', async () => {
    const path = '/v1.0/users/user_3001/mailFolders/inbox/messages?$select=id&$top=5';
    const all = (await get('/v1.0/users/user_3001/mailFolders/inbox/messages?$select=id&$top=15'))
      .body.value as unknown as { id: string }[];
    const first = await get(path);
    const next = new URL(first.body['@odata.nextLink']);
    expect(next.searchParams.get('$skip')).toBe('5');
    expect((await get(`/v1.0/users/user_3001/messages?$skip=x`)).status).toBe(400);
    sandbox.setFaults({ listChurn: 2 });
    const second = await get(`${next.pathname.replace('/msgraph', '')}${next.search}`);
    // Two already-read messages were deleted: the second page starts two items further on.
    const ids = (second.body.value as unknown as { id: string }[]).map((m) => m.id);
    expect(ids).toEqual(all.slice(7, 12).map((m) => m.id));
  });

  // https://learn.microsoft.com/graph/delta-query-messages: $filter receivedDateTime ge|gt only,
  // up to 5,000 messages with a filter, $orderby receivedDateTime desc only, changeType.
  it('takes delta’s documented filters and order, and caps a filtered round at 5,000', async () => {
    const delta = '/v1.0/users/user_3001/mailFolders/inbox/messages/delta';
    const page = (h: Record<string, string> = {}) => ({
      ...AUTH,
      Prefer: 'odata.maxpagesize=1000',
      ...h,
    });
    const since = '2000-01-01T00:00:00Z';
    for (const bad of [`receivedDateTime lt ${since}`, `receivedDateTime le ${since}`]) {
      const response = await get(`${delta}?$filter=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(400);
    }
    expect((await get(`${delta}?$orderby=receivedDateTime%20asc`)).status).toBe(400);
    expect((await get(`${delta}?changeType=moved`)).status).toBe(400);
    const gt = await get(`${delta}?$filter=${encodeURIComponent(`receivedDateTime gt ${since}`)}`);
    expect(gt.status).toBe(200);
    // Newest first only when asked.
    const ordered = await get(
      `${delta}?$select=receivedDateTime&$orderby=receivedDateTime%20desc`,
      page(),
    );
    const times = ordered.body.value.map((m) => m.receivedDateTime);
    expect(times).toEqual(times.toSorted().toReversed());
    const unordered = await get(`${delta}?$select=receivedDateTime`, page());
    expect(unordered.body.value.map((m) => m.receivedDateTime)).not.toEqual(times);

    await sandbox.reset(3, [
      { provider: 'MICROSOFT_MAIL', id: 'big', messages: 16_000, ageDays: 400 },
    ]);
    const bigDelta = '/v1.0/users/big/mailFolders/inbox/messages/delta';
    let url = `${bigDelta}?$select=id&$filter=${encodeURIComponent(`receivedDateTime ge ${since}`)}`;
    let read = 0;
    for (;;) {
      const response = await get(url, page());
      read += response.body.value.length;
      const next = response.body['@odata.nextLink'];
      if (!next) break;
      const link = new URL(next);
      url = `${link.pathname.replace('/msgraph', '')}${link.search}`;
    }
    expect(read).toBe(5000);
    const count = await get('/v1.0/users/big/mailFolders/inbox/messages?$count=true&$top=1');
    expect(count.body['@odata.count']).toBeGreaterThan(5000);
  });

  it('reports only the asked change type in later delta rounds', async () => {
    const delta = '/v1.0/users/user_3001/mailFolders/inbox/messages/delta';
    const deltaLinks: Record<string, string> = {};
    for (const type of ['created', 'updated', 'deleted']) {
      let url = `${delta}?$select=id,subject&changeType=${type}`;
      for (;;) {
        const response = await get(url, { ...AUTH, Prefer: 'odata.maxpagesize=1000' });
        const next = response.body['@odata.nextLink'] ?? response.body['@odata.deltaLink' as never];
        const link = new URL(next);
        url = `${link.pathname.replace('/msgraph', '')}${link.search}`;
        if (!response.body['@odata.nextLink']) break;
      }
      deltaLinks[type] = url;
    }
    sandbox.mutate('user_3001', { add: 2, update: 3, remove: 4 });
    const round = async (type: string) =>
      (await get(deltaLinks[type]!)).body.value as unknown as Record<string, unknown>[];
    expect((await round('created')).filter((m) => !('@removed' in m))).toHaveLength(2);
    const updated = await round('updated');
    expect(updated.every((m) => !('@removed' in m))).toBe(true);
    const deleted = await round('deleted');
    expect(deleted.every((m) => '@removed' in m)).toBe(true);
  });

  it('answers bad query options with Graph 400s', async () => {
    const filter = await get(
      `/v1.0/users/user_3001/messages?$filter=${encodeURIComponent('subject eq 1')}`,
    );
    expect([filter.status, filter.body.error.code]).toEqual([400, 'ErrorInvalidUrlQueryFilter']);
    const date = await get(
      `/v1.0/users/user_3001/messages?$filter=${encodeURIComponent('receivedDateTime ge yesterday')}`,
    );
    expect([date.status, date.body.error.code]).toEqual([400, 'ErrorInvalidUrlQueryFilter']);
    expect((await get('/v1.0/users/user_3001/messages?$top=1001')).status).toBe(400);
    expect((await get('/v1.0/users/user_3001/messages?$select=nope')).body.error.code).toBe(
      'RequestBroker--ParseUri',
    );
  });

  it('needs a bearer token, and knows only its mailboxes and folders', async () => {
    const anonymous = await get('/v1.0/users/user_3001/mailFolders', {});
    expect([anonymous.status, anonymous.body.error.code]).toEqual([
      401,
      'InvalidAuthenticationToken',
    ]);
    expect((await get('/v1.0/users/user_9/mailFolders')).body.error.code).toBe('ErrorInvalidUser');
    expect((await get('/v1.0/users/user_3001/mailFolders/nope/messages')).status).toBe(404);
  });

  it('serves the default mailbox: 5000 messages over ~2 years, newest first, denser recently', async () => {
    expect(sandbox.truth('user_3001', 'messages').count).toBe(5000);
    const folders = await get('/v1.0/users/user_3001/mailFolders?$top=3');
    expect(folders.body.value).toHaveLength(3);
    expect(new URL(folders.body['@odata.nextLink']).searchParams.get('$skip')).toBe('3');
    const page = await get('/v1.0/users/user_3001/messages?$select=receivedDateTime&$top=1000');
    const times = page.body.value.map((m: { receivedDateTime: string }) =>
      Date.parse(m.receivedDateTime),
    );
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const yearAgo = Date.now() - 365 * 86_400_000;
    const all = sandbox.truth('user_3001', 'messages');
    const recentYear = await get(
      `/v1.0/users/user_3001/messages?$top=1&$count=true&$filter=${encodeURIComponent(`receivedDateTime ge ${new Date(yearAgo).toISOString()}`)}`,
      { ...AUTH, ConsistencyLevel: 'eventual' },
    );
    expect(recentYear.body['@odata.count'] / all.count).toBeGreaterThan(0.6);
    const user = await get('/v1.0/users/user_3001?$select=displayName,createdDateTime');
    expect(Date.now() - Date.parse(user.body.createdDateTime)).toBeGreaterThan(729 * 86_400_000);
  });

  it('refuses a bad mutation and changes nothing', () => {
    const before = sandbox.truth('user_3001', 'messages');
    expect(() => sandbox.mutate('user_3001', { add: 2, remove: ['no-such-id'] })).toThrow(
      /no-such-id/,
    );
    expect(() => sandbox.mutate('user_3001', { update: -1 })).toThrow(
      /Invalid MICROSOFT_MAIL mutation/,
    );
    expect(sandbox.truth('user_3001', 'messages')).toEqual(before);
    expect(() => sandbox.reset(1, [{ provider: 'MICROSOFT_MAIL', id: 'x', messages: -3 }])).toThrow(
      /messages/,
    );
  });

  it('runs the OAuth code flow', async () => {
    const authorize = await fetch(
      `${sandbox.baseUrl}/common/oauth2/v2.0/authorize?client_id=app&response_type=code&redirect_uri=${encodeURIComponent('http://localhost/cb')}&state=s1`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');
    const token = await fetch(`${sandbox.baseUrl}/common/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'app',
        code: location.searchParams.get('code')!,
        redirect_uri: 'http://localhost/cb',
      }),
    });
    expect(await token.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const bad = await fetch(`${sandbox.baseUrl}/common/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'app' }),
    });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([
      400,
      'unsupported_grant_type',
    ]);
  });
});
