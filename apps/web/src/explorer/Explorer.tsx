import { GraphiQL } from 'graphiql';
import { useEffect, useMemo } from 'react';
import { createExplorerFetcher } from './explorer-fetcher.ts';

const DEFAULT_QUERY = `# Tributary's GraphQL API, with the key of the signed-in dashboard.
# Ctrl-Space completes, Ctrl-Enter runs; the book icon opens the docs.
# Subscriptions (syncProgress, syncActivity) run over graphql-ws.

query Overview {
  viewer {
    name
  }
  connections(first: 10) {
    edges {
      node {
        id
        provider
        displayName
        status
      }
    }
  }
}
`;

/** GraphiQL against this API; `apiKey` comes from the dashboard's storage and is never shown. */
export function Explorer({ apiKey }: { apiKey: string | null }) {
  const { fetcher, dispose } = useMemo(() => createExplorerFetcher(apiKey), [apiKey]);
  useEffect(() => dispose, [dispose]);
  return (
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false}>
      <GraphiQL.Logo>
        <span className="explorer-title">
          Tributary{' '}
          {apiKey ? (
            <small role="status">signed in from the dashboard</small>
          ) : (
            <small role="status">
              not signed in: <a href="/">open the dashboard</a> to sign in (the schema and docs work
              without a key)
            </small>
          )}
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}
