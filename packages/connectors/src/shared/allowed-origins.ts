import type { ProviderId } from '@tributary/core';
import { HostNotAllowedError } from './host-not-allowed-error.ts';

/**
 * The providers' official API hosts: the only places a real connection's tokens go.
 * Facebook: the Graph API (https://developers.facebook.com/docs/graph-api/overview);
 * Microsoft: Graph and the identity platform's token endpoint
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow).
 */
export const OFFICIAL_ORIGINS: Readonly<Record<ProviderId, readonly string[]>> = {
  FACEBOOK_ADS: ['https://graph.facebook.com'],
  FACEBOOK_PAGES: ['https://graph.facebook.com'],
  MICROSOFT_MAIL: ['https://graph.microsoft.com', 'https://login.microsoftonline.com'],
};

/** The origin of a URL, or null when it does not parse. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function isAllowedUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origin !== 'null' && allowedOrigins.includes(origin);
}

/**
 * A provider-supplied link (Graph `paging.next`, `@odata.nextLink`, `@odata.deltaLink`) is
 * accepted only on an allowed host: a page that names another host is refused before anything
 * follows it.
 */
export function assertAllowedLink(
  provider: ProviderId,
  endpoint: string,
  link: unknown,
  allowedOrigins: readonly string[],
): void {
  if (typeof link !== 'string' || isAllowedUrl(link, allowedOrigins)) return;
  throw new HostNotAllowedError(
    provider,
    endpoint,
    originOf(link) ?? '(an unparsable URL)',
    'the response links to',
  );
}
