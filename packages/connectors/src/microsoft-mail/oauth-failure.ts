import { ProviderError, type ProviderErrorKind } from '@tributary/core';
import { z } from 'zod';
import { parseRetryAfter } from './retry-after.ts';

export type OAuthGrant = 'refresh_token' | 'authorization_code';

const oauthErrorSchema = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .loose();

/**
 * The one classifier for the identity platform's token endpoint, which answers AAD's
 * `{error, error_description}` rather than Graph's error shape. `invalid_grant` on a refresh
 * means the user must sign in again (auth_expired); on a code it means that code is bad,
 * used or expired, which no retry or re-auth of a connection fixes (permanent).
 */
export function classifyOAuthResponse(
  response: { status: number; headers: Headers; text: string },
  endpoint: string,
  grant: OAuthGrant,
): ProviderError {
  const { status, headers, text } = response;
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
  else if (grant === 'refresh_token' && (parsed?.error === 'invalid_grant' || status === 401))
    kind = 'auth_expired';
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
