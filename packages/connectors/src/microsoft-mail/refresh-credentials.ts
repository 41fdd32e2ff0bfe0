import {
  type ConnectionContext,
  type Credentials,
  ProviderError,
  type ProviderErrorKind,
} from '@tributary/core';
import { z } from 'zod';
import { endpointOf, httpRequest, parseJson, withRetry } from '../shared/index.ts';
import { tokenResponseSchema } from './graph-schemas.ts';
import { GRAPH_BASE_URL } from './graph-url.ts';
import { parseRetryAfter } from './retry-after.ts';

export type MicrosoftOAuthOptions = {
  clientId: string;
  /** Confidential clients only; public clients refresh without one. */
  clientSecret?: string;
  /** Directory (tenant) id, or `common` / `organizations`. */
  tenant?: string;
  scope?: string;
};

const DEFAULT_SCOPE =
  'https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read offline_access';

/** Real connections use the Microsoft identity platform; sandbox ones the emulator's copy. */
export function tokenUrl(baseUrl: string, tenant: string): string {
  const host =
    baseUrl.replace(/\/+$/, '') === GRAPH_BASE_URL
      ? 'https://login.microsoftonline.com'
      : baseUrl.replace(/\/+$/, '');
  return `${host}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

const oauthErrorSchema = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .loose();

/** `grant_type=refresh_token` at the v2.0 token endpoint. */
export async function refreshCredentials(
  context: ConnectionContext & { signal: AbortSignal },
  options: MicrosoftOAuthOptions,
): Promise<Credentials> {
  const url = tokenUrl(context.baseUrl, options.tenant ?? 'common');
  const endpoint = endpointOf(url);
  const refreshToken = context.credentials.refreshToken;
  if (!refreshToken) {
    throw new ProviderError(`MICROSOFT_MAIL ${endpoint}: the connection has no refresh token`, {
      provider: 'MICROSOFT_MAIL',
      kind: 'auth_expired',
      endpoint,
    });
  }
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: options.clientId,
    scope: options.scope ?? DEFAULT_SCOPE,
  });
  if (options.clientSecret) form.set('client_secret', options.clientSecret);
  const issuedAt = Date.now();
  const { value: response } = await withRetry(async () => {
    const response = await httpRequest({
      provider: 'MICROSOFT_MAIL',
      url,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      signal: context.signal,
    });
    if (response.status !== 200)
      throw oauthFailure(response.status, response.headers, response.text, endpoint);
    return response;
  }, context.signal);
  const body = parseJson(response.text, tokenResponseSchema, {
    provider: 'MICROSOFT_MAIL',
    endpoint,
    httpStatus: 200,
  });
  return {
    accessToken: body.access_token,
    // Microsoft may rotate the refresh token; keep the old one when it does not.
    refreshToken: body.refresh_token ?? refreshToken,
    expiresAt: new Date(issuedAt + body.expires_in * 1000).toISOString(),
  };
}

/** AAD answers `{error, error_description}`; `invalid_grant` means the user must sign in again. */
function oauthFailure(
  status: number,
  headers: Headers,
  text: string,
  endpoint: string,
): ProviderError {
  let parsed: z.output<typeof oauthErrorSchema> | undefined;
  try {
    const result = oauthErrorSchema.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    parsed = undefined;
  }
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  let kind: ProviderErrorKind = 'permanent';
  if (status === 429) kind = 'rate_limited';
  else if (status >= 500) kind = 'retryable';
  else if (parsed?.error === 'invalid_grant' || status === 401) kind = 'auth_expired';
  // The description's first line names the AADSTS code; later lines are trace ids.
  const description = parsed?.error_description?.split(/\r?\n/)[0] ?? text.slice(0, 200);
  return new ProviderError(
    `MICROSOFT_MAIL ${endpoint}: HTTP ${status} ${parsed?.error ?? ''}: ${description}`,
    {
      provider: 'MICROSOFT_MAIL',
      kind,
      endpoint,
      httpStatus: status,
      providerCode: parsed?.error,
      retryAfterMs,
    },
  );
}
