import type { CodeExchange, SourceConnector } from '@tributary/core';
import { type SandboxServer, sandboxAdmin, startSandboxServer } from '@tributary/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../testing/provider-failure.ts';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';
const app = { clientId: 'app-id', clientSecret: 'app-secret-value' };

/**
 * Facebook Login's code exchange for one Facebook connector, over real HTTP against the
 * sandbox server: both connectors share the implementation, each runs this suite.
 */
export function describeGraphCodeExchange(connector: SourceConnector): void {
  const { provider } = connector;
  let sandbox: SandboxServer;
  let admin: ReturnType<typeof sandboxAdmin>;
  const baseUrl = () => sandbox.providers[provider];

  beforeAll(async () => {
    sandbox = await startSandboxServer({ port: 0 });
    admin = sandboxAdmin(sandbox.url);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => admin.clearFaults());

  /** Opens the login dialog the way a browser does and takes the code from its redirect. */
  async function issueCode(): Promise<string> {
    const url = new URL(`${baseUrl()}/v21.0/dialog/oauth`);
    url.search = new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      state: 's1',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!).searchParams.get('code')!;
  }

  const input = (code: string): CodeExchange => ({
    baseUrl: baseUrl(),
    allowedOrigins: [new URL(baseUrl()).origin],
    code,
    redirectUri: REDIRECT,
    app,
    signal: AbortSignal.timeout(5_000),
  });

  describe(`${provider} exchangeCode`, () => {
    const exchange = (code: string) => connector.exchangeCode!(input(code));

    it('refuses a code Facebook never issued: Graph code 100, permanent, no secrets in the message', async () => {
      const error = await failureOf(exchange('AQnot-a-code-it-issued'));
      expect(error).toMatchObject({
        provider,
        kind: 'permanent',
        httpStatus: 400,
        providerCode: '100',
        endpoint: '/v21.0/oauth/access_token',
      });
      expect(error.message).not.toMatch(/app-secret-value|not-a-code/);
    });

    it('refuses a code that was already exchanged', async () => {
      const code = await issueCode();
      await exchange(code);
      const error = await failureOf(exchange(code));
      expect(error).toMatchObject({ provider, kind: 'permanent', providerCode: '100' });
    });

    it('retries a failing token endpoint before giving up with a retryable error', async () => {
      const code = await issueCode();
      await admin.setFaults({ errorRate: 1 });
      const before = (await admin.stats()).failed;
      const error = await failureOf(exchange(code));
      expect(error.kind).toBe('retryable');
      expect((await admin.stats()).failed - before).toBe(3);
    });

    it('trades a good code for a long-lived access token and its expiry', async () => {
      const code = await issueCode();
      const before = Date.now();
      const credentials = await exchange(code);
      const after = Date.now();
      expect(credentials).toEqual({
        accessToken: expect.stringMatching(/^EAAB/),
        expiresAt: expect.any(String),
      });
      // The sandbox's long-lived tokens last 5,183,944 s, counted from when the request went out.
      const expiresAt = Date.parse(credentials.expiresAt!);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 5_183_944_000);
      expect(expiresAt).toBeLessThanOrEqual(after + 5_183_944_000);
    });
  });
}
