import type { ConnectionCredentials } from '@tributary/db';
import { z } from 'zod';
import type { ProviderEndpoints } from './provider-endpoints.ts';

/** The provider refused the code (expired, reused, wrong redirect_uri) or did not answer. */
export class CodeExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeExchangeError';
  }
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
});

// Facebook: {error: {message, code}}; Microsoft: {error, error_description} (first line names AADSTS).
const errorSchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string() }).loose()]),
  error_description: z.string().optional(),
});

const TIMEOUT_MS = 15_000;

/** Trades an authorization code for tokens at the provider's token endpoint. */
export async function exchangeCode(
  endpoints: ProviderEndpoints,
  code: string,
  redirectUri: string,
  now: () => Date = () => new Date(),
): Promise<ConnectionCredentials> {
  const params = new URLSearchParams({
    client_id: endpoints.client.clientId,
    client_secret: endpoints.client.clientSecret,
    redirect_uri: redirectUri,
    code,
  });
  let response: Response;
  try {
    if (endpoints.kind === 'facebook') {
      // Facebook's token endpoint takes a GET with the parameters in the query.
      response = await fetch(`${endpoints.tokenUrl}?${params}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } else {
      params.set('grant_type', 'authorization_code');
      params.set('scope', endpoints.scope);
      response = await fetch(endpoints.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: params.toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    }
  } catch (error) {
    throw new CodeExchangeError(
      `The provider's token endpoint did not answer (${(error as Error).message})`,
    );
  }
  const issuedAt = now().getTime();
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CodeExchangeError(
      `The provider's token endpoint answered HTTP ${response.status} without JSON`,
    );
  }
  if (!response.ok) {
    const parsed = errorSchema.safeParse(body);
    const detail = !parsed.success
      ? text.slice(0, 200)
      : typeof parsed.data.error === 'string'
        ? (parsed.data.error_description?.split(/\r?\n/)[0] ?? parsed.data.error)
        : parsed.data.error.message;
    throw new CodeExchangeError(`The provider refused the authorization code: ${detail}`);
  }
  const tokens = tokenSchema.safeParse(body);
  if (!tokens.success) {
    throw new CodeExchangeError('The provider answered the code exchange without an access token');
  }
  const { access_token, refresh_token, expires_in } = tokens.data;
  return {
    accessToken: access_token,
    ...(refresh_token ? { refreshToken: refresh_token } : {}),
    ...(expires_in ? { expiresAt: new Date(issuedAt + expires_in * 1000).toISOString() } : {}),
  };
}
