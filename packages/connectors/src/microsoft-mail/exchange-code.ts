import type { CodeExchange, Credentials } from '@tributary/core';
import { postTokenForm } from './post-token-form.ts';
import { DEFAULT_SCOPE, tokenUrl } from './refresh-credentials.ts';

/**
 * `grant_type=authorization_code` at the tenant's v2.0 token endpoint. The scope asks for
 * offline_access, so a refresh token comes back for the worker to renew the hour-long token.
 */
export async function exchangeCode(input: CodeExchange): Promise<Credentials> {
  const url = tokenUrl(input.baseUrl, input.app.tenant ?? 'common');
  const form = {
    client_id: input.app.clientId,
    client_secret: input.app.clientSecret,
    redirect_uri: input.redirectUri,
    code: input.code,
    scope: DEFAULT_SCOPE,
  };
  const { body, issuedAt } = await postTokenForm(
    url,
    input.allowedOrigins,
    'authorization_code',
    form,
    input.signal,
  );
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    expiresAt: new Date(issuedAt + body.expires_in * 1000).toISOString(),
  };
}
