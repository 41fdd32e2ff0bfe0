// Each connector's listAccounts over real HTTP against the sandbox server, with tokens from the
// sandbox's own sign-in: what the API's "sign in, then pick" connect flow shows.
import type { AccountListRequest, ProviderId } from '@tributary/core';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConnectors } from './default-connectors.ts';
import { PageNotGrantedError } from './facebook-pages/page-not-granted-error.ts';
import { failureOf } from './testing/provider-failure.ts';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const app = { clientId: 'app-id', clientSecret: 'app-secret' };
let sandbox: SandboxServer;

beforeAll(async () => {
  sandbox = await startSandboxServer({ port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  const ads = Array.from({ length: 130 }, (_, i) => ({
    provider: 'FACEBOOK_ADS' as const,
    id: `act_${500 + i}`,
    campaigns: 0,
    adsets: 0,
    ads: 0,
  }));
  await sandboxAdmin(sandbox.url).reset({
    seed: 3,
    accounts: [
      ...ads,
      { provider: 'FACEBOOK_ADS', id: 'act_99', listed: false, campaigns: 0, adsets: 0, ads: 0 },
      { provider: 'FACEBOOK_PAGES', id: 'page_1', name: 'Shop', conversations: 1 },
      { provider: 'FACEBOOK_PAGES', id: 'page_2', conversations: 1, tasks: ['ANALYZE'] },
      { provider: 'FACEBOOK_PAGES', id: 'page_3', conversations: 1, managed: false },
      { provider: 'MICROSOFT_MAIL', id: 'user_7', messages: 1 },
    ],
  });
});

function request(provider: ProviderId, accessToken: string): AccountListRequest {
  const baseUrl = sandbox.providers[provider];
  return {
    baseUrl,
    allowedOrigins: [new URL(baseUrl).origin],
    credentials: { accessToken },
    signal: AbortSignal.timeout(20_000),
  };
}

/** A user token from the sandbox's Facebook Login. */
async function facebookToken(): Promise<string> {
  const base = sandbox.providers.FACEBOOK_ADS;
  const dialog = await fetch(
    `${base}/v21.0/dialog/oauth?${new URLSearchParams({ client_id: app.clientId, redirect_uri: REDIRECT })}`,
    { redirect: 'manual' },
  );
  const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!;
  const credentials = await defaultConnectors.FACEBOOK_ADS.exchangeCode!({
    baseUrl: base,
    allowedOrigins: [new URL(base).origin],
    code,
    redirectUri: REDIRECT,
    app,
    signal: AbortSignal.timeout(10_000),
  });
  return credentials.accessToken;
}

describe('listAccounts', () => {
  it('Facebook Ads: every ad account the user has a role on, across pages, and no others', async () => {
    const listed = await defaultConnectors.FACEBOOK_ADS.listAccounts!(
      request('FACEBOOK_ADS', await facebookToken()),
    );
    expect(listed).toHaveLength(130);
    expect(listed[0]).toEqual({
      id: 'act_500',
      name: 'Tributary Demo Ads 500',
      detail: 'act_500 · USD · Active',
    });
    expect(listed.map((a) => a.id)).not.toContain('act_99');
  });

  it('Facebook Ads: a token Facebook never issued is auth_expired, not an empty list', async () => {
    const error = await failureOf(
      defaultConnectors.FACEBOOK_ADS.listAccounts!(request('FACEBOOK_ADS', 'EAABmadeup')),
    );
    expect(error).toMatchObject({ kind: 'auth_expired', providerCode: '190' });
  });

  it('Facebook Pages: the managed Pages, one without MESSAGING marked unavailable, no tokens', async () => {
    const token = await facebookToken();
    const pages = defaultConnectors.FACEBOOK_PAGES;
    const listed = await pages.listAccounts!(request('FACEBOOK_PAGES', token));
    expect(listed.map((p) => [p.id, p.unavailableReason === undefined])).toEqual([
      ['page_1', true],
      ['page_2', false],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/EAAB/);
    // Picking one yields the Page's own token, not the user's.
    const picked = await pages.accountCredentials!({
      ...request('FACEBOOK_PAGES', token),
      accountId: 'page_1',
      app,
    });
    expect(picked.accessToken).toMatch(/^EAAB/);
    expect(picked.accessToken).not.toBe(token);
    const refused = await failureOf(
      pages.accountCredentials!({ ...request('FACEBOOK_PAGES', token), accountId: 'page_3', app }),
    );
    expect(refused).toBeInstanceOf(PageNotGrantedError);
  });

  it('Microsoft mail: the signed-in user’s mailbox; an expired token is auth_expired', async () => {
    const mail = defaultConnectors.MICROSOFT_MAIL;
    const listed = await mail.listAccounts!(request('MICROSOFT_MAIL', 'EwBsandbox.any'));
    expect(listed).toEqual([
      { id: 'user_7', name: expect.any(String), detail: expect.stringContaining('@') },
    ]);
    const error = await failureOf(mail.listAccounts!(request('MICROSOFT_MAIL', 'expired-token')));
    expect(error).toMatchObject({ kind: 'auth_expired', httpStatus: 401 });
  });

  it('never sends the token to a host outside the allowed origins', async () => {
    const error = await failureOf(
      defaultConnectors.FACEBOOK_ADS.listAccounts!({
        ...request('FACEBOOK_ADS', 'EAABsecret'),
        allowedOrigins: ['https://graph.facebook.com'],
      }),
    );
    expect(error.name).toBe('HostNotAllowedError');
  });
});
