import { ProviderError } from '@tributary/core';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';

/**
 * `<base>/v1.0<path>?<params>`. OData option names keep their `$`; values are percent-encoded
 * (spaces as %20, which Graph reads in `$filter`, unlike `+`).
 */
export function graphUrl(
  baseUrl: string,
  path: string,
  params: Record<string, string> = {},
): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${baseUrl.replace(/\/+$/, '')}/v1.0${path}${query ? `?${query}` : ''}`;
}

export function userPath(accountId: string): string {
  return `/users/${encodeURIComponent(accountId)}`;
}

/**
 * A stored `@odata.nextLink` / `@odata.deltaLink` re-rooted on the connection's base URL:
 * the bearer token only ever goes to the host the connection names, and a checkpoint stays
 * valid when the sandbox comes back on another port.
 */
export function rebaseLink(baseUrl: string, link: string, endpoint: string): string {
  const at = link.indexOf('/v1.0/');
  if (at < 0) {
    throw new ProviderError(
      `MICROSOFT_MAIL ${endpoint}: link is not a Graph v1.0 URL: ${link.slice(0, 120)}`,
      {
        provider: 'MICROSOFT_MAIL',
        kind: 'malformed',
        endpoint,
      },
    );
  }
  return `${baseUrl.replace(/\/+$/, '')}${link.slice(at)}`;
}
