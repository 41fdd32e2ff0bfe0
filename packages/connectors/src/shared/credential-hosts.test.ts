import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graphGet as facebookGraphGet } from '../facebook-graph/graph-get.ts';
import { graphGet as microsoftGraphGet } from '../microsoft-mail/graph-get.ts';
import { postTokenForm } from '../microsoft-mail/post-token-form.ts';
import { failureOf } from '../testing/provider-failure.ts';
import { OFFICIAL_ORIGINS } from './allowed-origins.ts';
import { HostNotAllowedError } from './host-not-allowed-error.ts';
import { httpRequest } from './http-request.ts';
import { connectionTarget, officialTarget, sandboxTarget } from './provider-target.ts';

// Two real local servers: the "provider" this connection may call, and a listener standing in
// for any other host. The listener must never see a request.
type Seen = { url: string; headers: IncomingHttpHeaders; body: string };
let provider: Server;
let listener: Server;
let providerUrl: string;
let listenerUrl: string;
let answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string };
const reachedListener: Seen[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  provider = createServer((request, response) => {
    const reply = answer(request.url ?? '/');
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body ?? '{}');
  });
  listener = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      reachedListener.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"access_token":"x","expires_in":3600,"token_type":"Bearer","data":[]}');
    });
  });
  providerUrl = await listen(provider);
  // localhost, not 127.0.0.1: another origin even when the port were the same.
  listenerUrl = (await listen(listener)).replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await new Promise((resolve) => provider.close(resolve));
  await new Promise((resolve) => listener.close(resolve));
});
beforeEach(() => {
  reachedListener.length = 0;
  answer = () => ({ status: 200 });
});

const allowed = () => [new URL(providerUrl).origin];
const signal = () => AbortSignal.timeout(5_000);

describe('the allowlist of credential hosts', () => {
  it('is the providers’ official HTTPS hosts for real connections', async () => {
    expect(OFFICIAL_ORIGINS).toEqual({
      FACEBOOK_ADS: ['https://graph.facebook.com'],
      FACEBOOK_PAGES: ['https://graph.facebook.com'],
      MICROSOFT_MAIL: ['https://graph.microsoft.com', 'https://login.microsoftonline.com'],
    });
    for (const origins of Object.values(OFFICIAL_ORIGINS)) {
      for (const origin of origins) expect(new URL(origin).protocol).toBe('https:');
    }
    expect(await connectionTarget('MICROSOFT_MAIL', false, 'http://127.0.0.1:4100/')).toEqual(
      officialTarget('MICROSOFT_MAIL'),
    );
  });

  it('is the configured sandbox’s origin for sandbox connections, whatever the sandbox answers', () => {
    expect(sandboxTarget('http://127.0.0.1:4100/', 'http://127.0.0.1:4100/graph/')).toEqual({
      baseUrl: 'http://127.0.0.1:4100/graph',
      allowedOrigins: ['http://127.0.0.1:4100'],
    });
    expect(() => sandboxTarget('http://127.0.0.1:4100/', 'http://127.0.0.1:9/graph')).toThrow(
      /not on http:\/\/127\.0\.0\.1:4100/,
    );
  });
});

describe('httpRequest refuses to carry credentials anywhere else', () => {
  it('sends nothing to a host outside the allowlist: a permanent HostNotAllowedError', async () => {
    for (const url of [
      `${listenerUrl}/v21.0/me?access_token=secret`,
      'https://graph.facebook.com.evil.example/v21.0/me',
      'http://graph.facebook.com/v21.0/me',
      'not a url',
    ]) {
      const error = await failureOf(
        httpRequest({
          provider: 'FACEBOOK_ADS',
          url,
          allowedOrigins: ['https://graph.facebook.com', ...allowed()],
          headers: { authorization: 'Bearer secret' },
          signal: signal(),
        }),
      );
      expect(error).toBeInstanceOf(HostNotAllowedError);
      expect(error).toMatchObject({
        kind: 'permanent',
        code: 'FACEBOOK_ADS:permanent:host_not_allowed',
      });
      expect(error.message).not.toContain('secret');
    }
    expect(reachedListener).toEqual([]);
  });

  it('never follows a redirect: a 307 of a token form to another host reaches nothing', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      answer = () => ({ status, headers: { location: `${listenerUrl}/steal` } });
      const error = await failureOf(
        postTokenForm(
          `${providerUrl}/common/oauth2/v2.0/token`,
          allowed(),
          'refresh_token',
          { refresh_token: 'rt-secret', client_id: 'app', client_secret: 'app-secret' },
          signal(),
        ),
      );
      expect(error).toBeInstanceOf(HostNotAllowedError);
      expect(error.message).toContain(`HTTP ${status} redirects to ${new URL(listenerUrl).origin}`);
    }
    expect(reachedListener).toEqual([]);
  });

  it('does not follow a redirect on the allowed host either: a permanent error', async () => {
    answer = (url) =>
      url === '/moved' ? { status: 200 } : { status: 302, headers: { location: '/moved' } };
    const error = await failureOf(
      httpRequest({
        provider: 'MICROSOFT_MAIL',
        url: `${providerUrl}/v1.0/me`,
        allowedOrigins: allowed(),
        signal: signal(),
      }),
    );
    expect(error).toMatchObject({ kind: 'permanent', httpStatus: 302 });
    expect(error).not.toBeInstanceOf(HostNotAllowedError);
  });
});

describe('provider paging links to another host are refused', () => {
  it('Facebook: a page whose paging.next names another host', async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        data: [],
        paging: { next: `${listenerUrl}/v21.0/act_1/campaigns?after=x` },
      }),
    });
    const error = await failureOf(
      facebookGraphGet({
        provider: 'FACEBOOK_ADS',
        baseUrl: providerUrl,
        allowedOrigins: allowed(),
        path: '/v21.0/act_1/campaigns',
        accessToken: 'token-secret',
        usageKey: 'FACEBOOK_ADS:act_1',
        schema: z.looseObject({}),
        signal: signal(),
      }),
    );
    expect(error).toBeInstanceOf(HostNotAllowedError);
    expect(error.message).toContain(`links to ${new URL(listenerUrl).origin}`);
  });

  it('Microsoft: @odata.nextLink and @odata.deltaLink naming another host', async () => {
    for (const name of ['@odata.nextLink', '@odata.deltaLink']) {
      answer = () => ({
        status: 200,
        body: JSON.stringify({
          value: [],
          [name]: `${listenerUrl}/v1.0/users/u/messages?$skiptoken=x`,
        }),
      });
      const context = {
        provider: 'MICROSOFT_MAIL' as const,
        accountId: 'user_1',
        baseUrl: providerUrl,
        allowedOrigins: allowed(),
        credentials: { accessToken: 'token-secret' },
        signal: signal(),
      };
      const error = await failureOf(
        microsoftGraphGet(context, `${providerUrl}/v1.0/users/u/messages`, z.looseObject({})),
      );
      expect(error).toBeInstanceOf(HostNotAllowedError);
    }
    expect(reachedListener).toEqual([]);
  });
});
