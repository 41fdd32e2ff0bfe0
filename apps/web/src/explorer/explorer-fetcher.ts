import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphQLError, getOperationAST } from 'graphql';
import { createClient } from 'graphql-ws';

/** What a subscription gets without a key: the API would refuse the socket (4403). */
export const SIGN_IN_FOR_SUBSCRIPTIONS =
  'Subscriptions need an API key: open the dashboard (/) to sign in, then come back here.';

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
  if (apiKey) return { fetcher, dispose: () => void wsClient.dispose() };
  // Signed out, the socket would be refused (4403) and graphql-ws retries that close for half a
  // minute before GraphiQL shows anything; say at once what to do instead. Queries still go out
  // over HTTP, where the API answers with its own message.
  const signedOut: Fetcher = (params, options) => {
    const operation = options?.documentAST
      ? getOperationAST(options.documentAST, params.operationName ?? undefined)
      : null;
    if (operation?.operation === 'subscription') {
      return Promise.resolve({ errors: [new GraphQLError(SIGN_IN_FOR_SUBSCRIPTIONS)] });
    }
    return fetcher(params, options);
  };
  return { fetcher: signedOut, dispose: () => void wsClient.dispose() };
}
