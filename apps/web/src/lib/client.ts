import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';

/**
 * One urql client per API key: HTTP to /graphql with the bearer key, and subscriptions
 * over graphql-ws on the same path (the API serves both on one port).
 */
export function createApiClient(
  apiKey: string,
  origin = window.location.origin,
): { client: Client; dispose: () => void } {
  const authorization = `Bearer ${apiKey}`;
  const wsUrl = `${origin.replace(/^http/, 'ws')}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: { authorization },
    lazy: true,
    // Keep reconnecting while the API restarts; the dashboard is a long-lived page.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  const client = new Client({
    url: `${origin}/graphql`,
    // POST only: Apollo's CSRF guard rejects simple GET requests, and keys stay out of URLs.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  // Signing out must close the socket, or it would keep reconnecting with the old key.
  return { client, dispose: () => void ws.dispose() };
}
