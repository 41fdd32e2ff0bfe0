import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxAdmin } from '../server/admin-client.ts';
import { type SandboxServer, startSandboxServer } from '../server/server.ts';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { createFacebookPagesSandbox, type FacebookPagesSandbox } from './index.ts';

type Entry = { id: string; name: string; access_token: string; tasks: string[] };
type Body = {
  data: Entry[];
  paging?: { cursors: { after: string }; next?: string };
  error: { code: number; message: string; type: string };
  access_token: string;
};

const NOW = new Date('2025-06-01T12:00:00Z');
const BASE = 'http://sandbox.test/graph';

function get(path: string, query: Record<string, string>, token: string): SandboxRequest {
  return {
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: undefined,
  };
}

function call(sandbox: FacebookPagesSandbox, request: SandboxRequest) {
  return sandbox.handle(request, { now: NOW, baseUrl: BASE }) as SandboxResponse & { body: Body };
}

/** A user token from the emulator's own Facebook Login, the way a browser and a server get one. */
function signIn(sandbox: FacebookPagesSandbox): string {
  const redirect = 'http://app.test/cb';
  const dialog = call(
    sandbox,
    get('/v21.0/dialog/oauth', { client_id: 'app', redirect_uri: redirect }, ''),
  );
  const code = new URL(dialog.headers!.location!).searchParams.get('code')!;
  const query = { client_id: 'app', client_secret: 's', redirect_uri: redirect, code };
  return call(sandbox, get('/v21.0/oauth/access_token', query, '')).body.access_token;
}

function sandboxWith(accounts: Record<string, unknown>[]): FacebookPagesSandbox {
  const sandbox = createFacebookPagesSandbox(5);
  sandbox.reset(
    5,
    accounts.map((account) => ({ provider: 'FACEBOOK_PAGES', conversations: 3, ...account })),
  );
  return sandbox;
}

const accounts = (token: string, query: Record<string, string> = {}) =>
  get('/v21.0/me/accounts', query, token);

/** Looks like a Login user token (`EAAB` + 40 letters and digits) but nobody issued it. */
const MADE_UP = `EAAB${'Zx9'.repeat(13)}q`;

describe('/me/accounts: failures first', () => {
  it('answers a token the sandbox never issued with OAuthException 190, and no token with 2500', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    for (const token of ['not-a-token', 'EAAB-test', 'EAABshort']) {
      const response = call(sandbox, accounts(token));
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
    }
    expect(call(sandbox, accounts('')).body.error.code).toBe(2500);
    expect(call(sandbox, accounts('expired-token')).body.error).toMatchObject({ code: 190 });
  });

  it('answers a made-up token shaped like a Login user token with 190', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    signIn(sandbox);
    const response = call(sandbox, accounts(MADE_UP));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
  });

  it('forgets the user tokens Login issued when the emulator is reset', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    const user = signIn(sandbox);
    expect(call(sandbox, accounts(user)).status).toBe(200);
    sandbox.reset(5, [{ provider: 'FACEBOOK_PAGES', id: 'page_1', conversations: 3 }]);
    expect(call(sandbox, accounts(user)).body.error).toMatchObject({ code: 190 });
  });

  it('refuses a Page token: its `me` is the Page, which has no accounts edge', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    const pageToken = call(sandbox, accounts(signIn(sandbox))).body.data[0]!.access_token;
    const response = call(sandbox, accounts(pageToken));
    expect(response.body.error).toMatchObject({ code: 100 });
    expect(response.body.error.message).toContain('(accounts) on node type (Page)');
  });

  it('refuses unknown fields, bad cursors and other /me edges like Graph', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    const user = signIn(sandbox);
    expect(call(sandbox, accounts(user, { fields: 'id,perms' })).body.error.code).toBe(100);
    expect(call(sandbox, accounts(user, { after: 'bm9wZQ' })).body.error.code).toBe(100);
    expect(call(sandbox, get('/v21.0/me/adaccounts', {}, user)).status).toBe(400);
  });

  it('refuses reset entries with a task Facebook does not have', () => {
    const sandbox = createFacebookPagesSandbox(5);
    expect(() =>
      sandbox.reset(5, [{ provider: 'FACEBOOK_PAGES', id: 'page_1', tasks: ['READ'] }]),
    ).toThrow(/account 0 is invalid/);
  });

  it('does not list a Page the user does not manage, and a Page token reads only its Page', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }, { id: 'page_2', managed: false }]);
    const listed = call(sandbox, accounts(signIn(sandbox), { fields: 'id' })).body.data;
    expect(listed).toEqual([{ id: 'page_1' }]);
    const pageToken = call(sandbox, accounts(signIn(sandbox))).body.data[0]!.access_token;
    const other = call(sandbox, get('/v21.0/page_2/conversations', {}, pageToken));
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ code: 190 });
    expect(other.body.error.message).toContain('belongs to Page page_1');
  });
});

describe('/me/accounts', () => {
  it('lists each managed Page with a Page token and the user’s tasks, paged with cursors', () => {
    const sandbox = sandboxWith([
      { id: 'page_1', name: 'One' },
      { id: 'page_2', tasks: ['ANALYZE'] },
      { id: 'page_3', managed: false },
      { id: 'page_4' },
      { id: 'page_5' },
    ]);
    const user = signIn(sandbox);
    const first = call(
      sandbox,
      accounts(user, { fields: 'id,name,access_token,tasks', limit: '2' }),
    );
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      {
        id: 'page_1',
        name: 'One',
        access_token: expect.stringMatching(/^EAAB[a-z0-9]+$/),
        tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
      },
      {
        id: 'page_2',
        name: 'Sandbox Page 2',
        access_token: expect.stringMatching(/^EAAB/),
        tasks: ['ANALYZE'],
      },
    ]);
    const next = new URL(first.body.paging!.next!);
    expect(next.pathname).toBe('/graph/v21.0/me/accounts');
    expect(next.searchParams.get('after')).toBe(first.body.paging!.cursors.after);

    const second = call(sandbox, accounts(user, Object.fromEntries(next.searchParams)));
    expect(second.body.data.map((entry) => entry.id)).toEqual(['page_4', 'page_5']);
    expect(second.body.paging?.next).toBeUndefined();
  });

  it('derives a stable Page token per user token, which reads that Page', () => {
    const sandbox = sandboxWith([{ id: 'page_1' }]);
    const user = signIn(sandbox);
    const token = call(sandbox, accounts(user)).body.data[0]!.access_token;
    expect(call(sandbox, accounts(user)).body.data[0]!.access_token).toBe(token);
    expect(call(sandbox, accounts(signIn(sandbox))).body.data[0]!.access_token).not.toBe(token);
    expect(token).not.toBe(user);

    const inbox = call(sandbox, get('/v21.0/page_1/conversations', { limit: '5' }, token));
    expect(inbox.status).toBe(200);
    expect(inbox.body.data).toHaveLength(3);
    // Tokens the Page endpoints accepted before still work.
    for (const legacy of ['EAAB-test', MADE_UP, user]) {
      expect(call(sandbox, get('/v21.0/page_1/conversations', {}, legacy)).status).toBe(200);
    }
  });

  it('claims /me on the shared Graph host, for no Page account', () => {
    const sandbox = createFacebookPagesSandbox(1);
    expect(sandbox.owns(accounts('x'))).toBe(true);
    expect(sandbox.accountOf(accounts('x'))).toBeUndefined();
  });
});

describe('/me/accounts on the sandbox server, where the Ads emulator answers Facebook Login', () => {
  const REDIRECT = 'http://127.0.0.1:9/cb';
  const app = { client_id: 'app', client_secret: 'secret' };
  let server: SandboxServer;
  let graph: string;

  beforeAll(async () => {
    server = await startSandboxServer({ seed: 5 });
    graph = server.providers.FACEBOOK_PAGES;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await sandboxAdmin(server.url).reset({
      seed: 5,
      accounts: [{ provider: 'FACEBOOK_PAGES', id: 'page_1', conversations: 2 }],
    });
  });

  async function graphGet(path: string, query: Record<string, string>) {
    const response = await fetch(`${graph}/v21.0/${path}?${new URLSearchParams(query)}`, {
      redirect: 'manual',
    });
    return { status: response.status, response, body: (await response.json()) as Body };
  }

  async function loginToken(): Promise<string> {
    const dialog = await fetch(
      `${graph}/v21.0/dialog/oauth?${new URLSearchParams({ client_id: app.client_id, redirect_uri: REDIRECT })}`,
      { redirect: 'manual' },
    );
    const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!;
    const exchange = await graphGet('oauth/access_token', { ...app, redirect_uri: REDIRECT, code });
    expect(exchange.status).toBe(200);
    return exchange.body.access_token;
  }

  const meAccounts = (token: string) => graphGet('me/accounts', { access_token: token });

  it('refuses a made-up token of the user-token shape with 190', async () => {
    await loginToken();
    const response = await meAccounts(MADE_UP);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
  });

  it('refuses a user token issued before a sandbox reset with 190', async () => {
    const user = await loginToken();
    expect((await meAccounts(user)).status).toBe(200);
    await sandboxAdmin(server.url).reset({ seed: 6 });
    expect((await meAccounts(user)).body.error).toMatchObject({ code: 190 });
  });

  it('lists the Pages for a token from the code exchange and one from fb_exchange_token', async () => {
    const short = await loginToken();
    const long = await graphGet('oauth/access_token', {
      ...app,
      grant_type: 'fb_exchange_token',
      fb_exchange_token: short,
    });
    expect(long.body.access_token).not.toBe(short);
    for (const user of [short, long.body.access_token]) {
      const listed = await meAccounts(user);
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((entry) => entry.id)).toEqual(['page_1']);
    }
  });
});
