import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';

/**
 * GraphiQL's fetcher with the dashboard's key: queries and mutations over HTTP POST, and
 * subscriptions over graphql-ws with the key in `connectionParams`, as docs/integrators.md
 * says. The key only ever sits in these requests, never in the headers editor (which shows
 * only what the user types there) nor in the URL. Without a key nothing is sent: the API
 * answers introspection anonymously (http/introspection-only.ts) and asks for a key otherwise.
 */
export function createExplorerFetcher(
  apiKey: string | null,
  origin = window.location.origin,
): { fetcher: Fetcher; dispose: () => void } {
  const authorization = apiKey ? { authorization: `Bearer ${apiKey}` } : undefined;
  const wsClient = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`,
    ...(authorization ? { connectionParams: authorization } : {}),
    lazy: true,
  });
  const fetcher = createGraphiQLFetcher({
    url: `${origin}/graphql`,
    wsClient,
    ...(authorization ? { headers: authorization } : {}),
    // graphql 16 has no @defer/@stream: plain JSON answers, no multipart parsing.
    enableIncrementalDelivery: false,
  });
  return { fetcher, dispose: () => void wsClient.dispose() };
}
