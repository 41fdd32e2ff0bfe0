import type { CodeExchange } from '@tributary/core';
import { type MailSandboxHarness, startMailSandboxHarness } from '@tributary/sandbox/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/provider-failure.ts';
import { createMicrosoftMailConnector } from './connector.ts';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const connector = createMicrosoftMailConnector();
const exchange = connector.exchangeCode!;
const app = { clientId: 'app-id', clientSecret: 'app-secret-value', tenant: 'contoso' };
let sandbox: MailSandboxHarness;

beforeAll(async () => {
  sandbox = await startMailSandboxHarness();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.planFaults([]));

/** Opens the consent screen the way a browser does and takes the code from its redirect. */
async function issueCode(redirectUri = REDIRECT): Promise<string> {
  const url = new URL(`${sandbox.baseUrl}/contoso/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    state: 's1',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams.get('code')!;
}

function input(code: string, redirectUri = REDIRECT): CodeExchange {
  return {
    baseUrl: sandbox.baseUrl,
    allowedOrigins: [new URL(sandbox.baseUrl).origin],
    code,
    redirectUri,
    app,
    signal: AbortSignal.timeout(5_000),
  };
}

describe('Microsoft mail exchangeCode', () => {
  it('refuses a code the identity platform never issued: permanent, no secrets in the message', async () => {
    const error = await failureOf(exchange(input('M.C5not-a-code-it-issued')));
    expect(error).toMatchObject({
      provider: 'MICROSOFT_MAIL',
      kind: 'permanent',
      httpStatus: 400,
      providerCode: 'invalid_grant',
      endpoint: '/msgraph/contoso/oauth2/v2.0/token',
    });
    expect(error.message).toMatch(/AADSTS70000/);
    expect(error.message).not.toMatch(/app-secret-value|not-a-code/);
  });

  it('refuses a code used once already, and one sent with another redirect_uri', async () => {
    const code = await issueCode();
    await exchange(input(code));
    const reused = await failureOf(exchange(input(code)));
    expect(reused).toMatchObject({ kind: 'permanent', providerCode: 'invalid_grant' });
    expect(reused.message).toMatch(/AADSTS54005: .*already redeemed/);

    const other = await failureOf(exchange(input(await issueCode(), 'http://evil.example/cb')));
    expect(other).toMatchObject({ kind: 'permanent', providerCode: 'invalid_grant' });
  });

  it('retries a 503 from the token endpoint like any other request', async () => {
    const code = await issueCode();
    const before = sandbox.requestsServed();
    sandbox.planFaults(['server_error']);
    const credentials = await exchange(input(code));
    expect(credentials.accessToken).toMatch(/^EwB/);
    expect(sandbox.requestsServed() - before).toBe(2);
  });

  it('trades a good code for an access token, a refresh token and its expiry', async () => {
    const code = await issueCode();
    const before = Date.now();
    const credentials = await exchange(input(code));
    expect(credentials).toEqual({
      accessToken: expect.stringMatching(/^EwB/),
      refreshToken: expect.stringMatching(/^M\.C5/),
      expiresAt: expect.any(String),
    });
    const after = Date.now();
    // The sandbox says expires_in 3599 s, counted from when the request went out.
    const expiresAt = Date.parse(credentials.expiresAt!);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_599_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 3_599_000);
  });
});
