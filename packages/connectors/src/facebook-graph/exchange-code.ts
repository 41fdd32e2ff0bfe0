import type { CodeExchange, Credentials, ProviderId } from '@tributary/core';
import { z } from 'zod';
import { DEFAULT_BACKOFF } from '../shared/backoff.ts';
import { httpRequest } from '../shared/http-request.ts';
import { parseJson } from '../shared/parse-json.ts';
import { observeRequest } from '../shared/request-outcome.ts';
import { withRetry } from '../shared/with-retry.ts';
import { classifyGraphError } from './classify-graph-error.ts';

const tokenBody = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/**
 * Facebook Login's code exchange, `GET /{version}/oauth/access_token` with the app, the
 * redirect_uri and the code in the query (Graph takes no body here, and there is no token yet
 * for an Authorization header). Shared by every Facebook connector: the endpoint is the app's,
 * not the product's. A bad, used or mismatched code is Graph error 100: permanent.
 */
export async function exchangeGraphCode(
  provider: ProviderId,
  graphVersion: string,
  input: CodeExchange,
): Promise<Credentials> {
  const endpoint = `/${graphVersion}/oauth/access_token`;
  const url = new URL(`${input.baseUrl.replace(/\/+$/, '')}${endpoint}`);
  url.searchParams.set('client_id', input.app.clientId);
  url.searchParams.set('client_secret', input.app.clientSecret);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('code', input.code);
  const issuedAt = Date.now();
  const { value: body } = await withRetry(
    () =>
      observeRequest(provider, input.signal, async () => {
        const response = await httpRequest({
          provider,
          url: url.toString(),
          endpoint,
          allowedOrigins: input.allowedOrigins,
          headers: { accept: 'application/json' },
          signal: input.signal,
        });
        if (response.status >= 400) {
          throw classifyGraphError({ provider, endpoint, ...response });
        }
        return parseJson(response.text, tokenBody, {
          provider,
          endpoint,
          httpStatus: response.status,
        });
      }),
    input.signal,
    DEFAULT_BACKOFF,
  );
  const credentials: Credentials = { accessToken: body.access_token };
  if (body.expires_in !== undefined) {
    credentials.expiresAt = new Date(issuedAt + body.expires_in * 1000).toISOString();
  }
  return credentials;
}
