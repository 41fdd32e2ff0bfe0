import type { CodeExchange } from '@tributary/core';
import { type PagesSandboxServer, startPagesSandboxServer } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/provider-failure.ts';
import { createFacebookPagesConnector } from './connector.ts';
import { PageNotGrantedError } from './page-not-granted-error.ts';

// Facebook Login for Pages over real HTTP against the sandbox server: the code exchange, the
// long-lived token trade and /me/accounts, as the API's OAuth callback runs them.
const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const app = { clientId: 'app-id', clientSecret: 'app-secret-value' };
const connector = createFacebookPagesConnector();
let server: PagesSandboxServer;

beforeAll(async () => {
  server = await startPagesSandboxServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.admin('POST', 'reset', {
    seed: 7,
    accounts: [
      { provider: 'FACEBOOK_PAGES', id: 'page_1', conversations: 4 },
      { provider: 'FACEBOOK_PAGES', id: 'page_2', conversations: 2, managed: false },
      {
        provider: 'FACEBOOK_PAGES',
        id: 'page_3',
        conversations: 2,
        tasks: ['ANALYZE', 'ADVERTISE'],
      },
    ],
  });
});

/** Opens the login dialog the way a browser does and takes the code from its redirect. */
async function issueCode(): Promise<string> {
  const url = new URL(`${server.baseUrl}/v21.0/dialog/oauth`);
  url.search = new URLSearchParams({ client_id: app.clientId, redirect_uri: REDIRECT }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams.get('code')!;
}

async function exchangeFor(accountId: string) {
  const input: CodeExchange = {
    baseUrl: server.baseUrl,
    allowedOrigins: [new URL(server.baseUrl).origin],
    code: await issueCode(),
    redirectUri: REDIRECT,
    app,
    accountId,
    signal: AbortSignal.timeout(10_000),
  };
  return connector.exchangeCode!(input);
}

const conversations = (page: string, token: string) =>
  connector.readPage({
    provider: 'FACEBOOK_PAGES',
    accountId: page,
    baseUrl: server.baseUrl,
    allowedOrigins: [new URL(server.baseUrl).origin],
    credentials: { accessToken: token },
    chunk: { stream: 'conversations', kind: 'conversations' },
    cursor: null,
    signal: AbortSignal.timeout(10_000),
  });

describe('FACEBOOK_PAGES exchangeCode for a chosen Page: failures first', () => {
  it('refuses a Page the signed-in user does not manage: permanent, says so plainly', async () => {
    for (const page of ['page_9999', 'page_2']) {
      const error = await failureOf(exchangeFor(page));
      expect(error).toBeInstanceOf(PageNotGrantedError);
      expect(error).toMatchObject({
        provider: 'FACEBOOK_PAGES',
        kind: 'permanent',
        endpoint: '/v21.0/me/accounts',
        pageId: page,
        reason: 'not_managed',
      });
      expect(error.message).toContain(
        `The signed-in Facebook user does not manage Page ${page} (or did not grant it to Tributary)`,
      );
      expect(error.message).not.toMatch(/EAAB|app-secret-value/);
    }
  });

  it('refuses a Page the user manages without the MESSAGING task, naming the tasks it has', async () => {
    const error = await failureOf(exchangeFor('page_3'));
    expect(error).toBeInstanceOf(PageNotGrantedError);
    expect(error).toMatchObject({ kind: 'permanent', reason: 'no_messaging_task' });
    expect(error.message).toMatch(/without the MESSAGING task \(has: ANALYZE, ADVERTISE\)/);
  });

  it('still refuses a bad code at the token endpoint before asking for Pages', async () => {
    const error = await failureOf(
      connector.exchangeCode!({
        baseUrl: server.baseUrl,
        allowedOrigins: [new URL(server.baseUrl).origin],
        code: 'AQnot-a-code',
        redirectUri: REDIRECT,
        app,
        accountId: 'page_1',
        signal: AbortSignal.timeout(10_000),
      }),
    );
    expect(error).toMatchObject({ kind: 'permanent', endpoint: '/v21.0/oauth/access_token' });
  });
});

describe('FACEBOOK_PAGES exchangeCode for a chosen Page', () => {
  it('returns only the Page token, which reads that Page’s conversations and no other Page', async () => {
    const credentials = await exchangeFor('page_1');
    // Page tokens derived from a long-lived user token do not expire; no refresh token is kept.
    expect(credentials).toEqual({ accessToken: expect.stringMatching(/^EAAB/) });

    const page = await conversations('page_1', credentials.accessToken);
    expect(page.records.filter((r) => r.stream === 'conversations')).toHaveLength(4);

    // It is a Page token, not the user's: it speaks for page_1 only and has no /me/accounts.
    const other = await failureOf(conversations('page_3', credentials.accessToken));
    expect(other.message).toContain('belongs to Page page_1');
    const me = await fetch(`${server.baseUrl}/v21.0/me/accounts`, {
      headers: { authorization: `Bearer ${credentials.accessToken}` },
    });
    expect(((await me.json()) as { error: { message: string } }).error.message).toContain(
      '(accounts) on node type (Page)',
    );
  });

  it('finds the Page past the first page of /me/accounts', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      provider: 'FACEBOOK_PAGES',
      id: `page_${i + 1}`,
      conversations: 1,
    }));
    await server.admin('POST', 'reset', { seed: 7, accounts: many });
    const credentials = await exchangeFor('page_130');
    const page = await conversations('page_130', credentials.accessToken);
    expect(page.records.filter((r) => r.stream === 'conversations')).toHaveLength(1);
  });
});
