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
  it('rejects $count without ConsistencyLevel: eventual, as Graph does', async () => {
    const without = await get(
      '/v1.0/users/user_3001/mailFolders/inbox/messages?$count=true&$top=1',
    );
    expect(without.status).toBe(400);
    expect(without.body.error).toMatchObject({
      code: 'BadRequest',
      innerError: { 'request-id': expect.any(String) },
    });
    const withHeader = await get(
      '/v1.0/users/user_3001/mailFolders/inbox/messages?$count=true&$top=1',
      {
        ...AUTH,
        ConsistencyLevel: 'eventual',
      },
    );
    expect(withHeader.status).toBe(200);
    expect(withHeader.body['@odata.count']).toBeGreaterThan(1000);
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
