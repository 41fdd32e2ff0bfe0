import type { z } from 'zod';
import { endpointOf, httpRequest, observeRequest, parseJson, withRetry } from '../shared/index.ts';
import { tokenResponseSchema } from './graph-schemas.ts';
import { classifyOAuthResponse, type OAuthGrant } from './oauth-failure.ts';

export type TokenGrant = {
  body: z.output<typeof tokenResponseSchema>;
  /** When the request went out: `expires_in` counts from here, never from a slow answer. */
  issuedAt: number;
};

/**
 * One form POST to the v2.0 token endpoint: 5xx and network failures retried with backoff,
 * every other failure classified, the answer checked against the token response shape.
 */
export async function postTokenForm(
  url: string,
  allowedOrigins: readonly string[],
  grant: OAuthGrant,
  fields: Record<string, string>,
  signal: AbortSignal,
): Promise<TokenGrant> {
  const endpoint = endpointOf(url);
  const form = new URLSearchParams({ grant_type: grant, ...fields });
  const issuedAt = Date.now();
  const { value: response } = await withRetry(
    () =>
      observeRequest('MICROSOFT_MAIL', signal, async () => {
        const response = await httpRequest({
          provider: 'MICROSOFT_MAIL',
          url,
          allowedOrigins,
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          body: form.toString(),
          signal,
        });
        if (response.status !== 200) throw classifyOAuthResponse(response, endpoint, grant);
        return response;
      }),
    signal,
  );
  const body = parseJson(response.text, tokenResponseSchema, {
    provider: 'MICROSOFT_MAIL',
    endpoint,
    httpStatus: 200,
  });
  return { body, issuedAt };
}
