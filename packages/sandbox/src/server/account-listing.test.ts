// The account-listing endpoints a "sign in, then pick" connect flow reads, over real HTTP on
// the sandbox server: Graph `/me/adaccounts`, `/me/accounts`, and Microsoft Graph `/me`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxAdmin } from './admin-client.ts';
import { type SandboxServer, startSandboxServer } from './server.ts';

type GraphList = {
  data: Record<string, unknown>[];
  paging?: { cursors: { before: string; after: string }; next?: string };
  error?: { code: number; error_subcode?: number; type: string; message: string };
};

const REDIRECT = 'http://127.0.0.1:9/cb';
const APP = { client_id: 'app', client_secret: 'secret' };

let server: SandboxServer;
let graph: string;
let msgraph: string;

beforeAll(async () => {
  server = await startSandboxServer({ seed: 9 });
  graph = server.providers.FACEBOOK_ADS;
  msgraph = server.providers.MICROSOFT_MAIL;
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandboxAdmin(server.url).reset({
    seed: 9,
    accounts: [
      { provider: 'FACEBOOK_ADS', id: 'act_11', name: 'Shop EU', campaigns: 1, adsets: 1, ads: 1 },
      { provider: 'FACEBOOK_ADS', id: 'act_12', currency: 'EUR', campaigns: 0, adsets: 0, ads: 0 },
      {
        provider: 'FACEBOOK_ADS',
        id: 'act_13',
        accountStatus: 2,
        campaigns: 0,
        adsets: 0,
        ads: 0,
      },
      // Someone else's account: readable by id with a token that may, but not listed for this user.
      { provider: 'FACEBOOK_ADS', id: 'act_14', listed: false, campaigns: 0, adsets: 0, ads: 0 },
      { provider: 'FACEBOOK_PAGES', id: 'page_21', name: 'Shop', conversations: 1 },
      { provider: 'FACEBOOK_PAGES', id: 'page_22', conversations: 1, managed: false },
      { provider: 'MICROSOFT_MAIL', id: 'user_31', messages: 3 },
    ],
  });
});

async function graphGet(path: string, token: string | null, query: Record<string, string> = {}) {
  const response = await fetch(`${graph}/v21.0/${path}?${new URLSearchParams(query)}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    redirect: 'manual',
  });
  return { status: response.status, body: (await response.json()) as GraphList };
}

/** A user token from the sandbox's own Facebook Login, as a browser and a server get one. */
async function facebookLogin(): Promise<string> {
  const dialog = await fetch(
    `${graph}/v21.0/dialog/oauth?${new URLSearchParams({ client_id: APP.client_id, redirect_uri: REDIRECT })}`,
    { redirect: 'manual' },
  );
  const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!;
  const exchange = await fetch(
    `${graph}/v21.0/oauth/access_token?${new URLSearchParams({ ...APP, redirect_uri: REDIRECT, code })}`,
  );
  return ((await exchange.json()) as { access_token: string }).access_token;
}

describe('GET /me/adaccounts', () => {
  it('refuses no token (104), a token Login never issued (190) and an expired one (190/463)', async () => {
    expect((await graphGet('me/adaccounts', null)).body.error).toMatchObject({ code: 104 });
    const madeUp = await graphGet('me/adaccounts', `EAAB${'q'.repeat(40)}`);
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
    const expired = await graphGet('me/adaccounts', 'expired-token');
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('lists the ad accounts the signed-in user has a role on, with the fields asked for', async () => {
    const token = await facebookLogin();
    const listed = await graphGet('me/adaccounts', token, {
      fields: 'id,account_id,name,account_status,currency',
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([
      { id: 'act_11', account_id: '11', name: 'Shop EU', account_status: 1, currency: 'USD' },
      {
        id: 'act_12',
        account_id: '12',
        name: 'Tributary Demo Ads 12',
        account_status: 1,
        currency: 'EUR',
      },
      {
        id: 'act_13',
        account_id: '13',
        name: 'Tributary Demo Ads 13',
        account_status: 2,
        currency: 'USD',
      },
    ]);
    expect(listed.body.paging?.next).toBeUndefined();
    // Without `fields`, Graph answers the ids only.
    const ids = await graphGet('me/adaccounts', token);
    expect(ids.body.data[0]).toEqual({ account_id: '11', id: 'act_11' });
    const unknown = await graphGet('me/adaccounts', token, { fields: 'id,secret' });
    expect(unknown.body.error).toMatchObject({ code: 100 });
  });

  it('pages with limit and the after cursor until paging.next is absent', async () => {
    const token = await facebookLogin();
    const seen: unknown[] = [];
    let next: string | undefined = `${graph}/v21.0/me/adaccounts?limit=2&fields=id`;
    let pages = 0;
    while (next) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as GraphList;
      seen.push(...body.data.map((entry) => entry.id));
      next = body.paging?.next;
      pages++;
    }
    expect(seen).toEqual(['act_11', 'act_12', 'act_13']);
    expect(pages).toBe(2);
    const bad = await graphGet('me/adaccounts', token, { after: 'bm9wZQ' });
    expect(bad.body.error).toMatchObject({ code: 100 });
  });
});

describe('GET /me/accounts', () => {
  it('lists the Pages the user manages with category and tasks, each with its own Page token', async () => {
    const token = await facebookLogin();
    const listed = await graphGet('me/accounts', token, {
      fields: 'id,name,category,tasks,access_token',
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([
      {
        id: 'page_21',
        name: 'Shop',
        category: expect.any(String),
        tasks: expect.arrayContaining(['MESSAGING']),
        access_token: expect.stringMatching(/^EAAB/),
      },
    ]);
    const pageToken = listed.body.data[0]!.access_token as string;
    expect(pageToken).not.toBe(token);
    // The Page token reads its Page; the user token's /me/accounts is not the Page's.
    expect((await graphGet('page_21', pageToken, { fields: 'id,name' })).status).toBe(200);
    expect((await graphGet('me/accounts', pageToken)).body.error?.code).toBe(100);
    expect((await graphGet('me/accounts', 'expired-token')).body.error?.code).toBe(190);
  });
});

describe('GET /me on Microsoft Graph', () => {
  const me = (token: string | null, query = '') =>
    fetch(`${msgraph}/v1.0/me${query}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it('answers the signed-in user’s id, displayName, mail and userPrincipalName', async () => {
    const profile = await me('EwBsandbox.token', '?$select=id,displayName,mail,userPrincipalName');
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({
      '@odata.context': expect.stringContaining('$metadata#users/$entity'),
      id: 'user_31',
      displayName: expect.any(String),
      mail: expect.stringContaining('@'),
      userPrincipalName: expect.stringContaining('@'),
    });
  });

  it('refuses no token and an expired one with 401 InvalidAuthenticationToken', async () => {
    for (const token of [null, 'expired-token']) {
      const refused = await me(token);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatchObject({ code: 'InvalidAuthenticationToken' });
    }
  });
});
