// The two transports an integrator needs, with nothing but Node's fetch and graphql-ws.
import { type Client, createClient } from 'graphql-ws';

/** Where the API answers (the start command prints it) and the workspace's API key. */
export type Api = { url: string; key: string };

type GraphqlErrorBody = { message: string; extensions?: { code?: string } };

/** A request the API refused as a whole (bad key, invalid query): `code` is `extensions.code`. */
export class GraphqlRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${status} ${code ?? 'ERROR'}: ${message}`);
  }
}

// #region http
/** One operation over HTTP: POST /graphql, the API key as a bearer token. */
export async function graphql<T>(
  api: Api,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  for (;;) {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.key}` },
      body: JSON.stringify({ query, variables }),
    });
    // Past the key's request budget: wait as long as Retry-After says, then send it again.
    if (res.status === 429) {
      await new Promise((wake) => setTimeout(wake, Number(res.headers.get('retry-after')) * 1000));
      continue;
    }
    const body = (await res.json()) as { data?: T; errors?: GraphqlErrorBody[] };
    const error = body.errors?.[0];
    if (error) throw new GraphqlRequestError(res.status, error.extensions?.code, error.message);
    return body.data as T;
  }
}
// #endregion http

// #region websocket
/** Subscriptions: graphql-ws on the same URL, the key in the connection parameters. */
export function subscriptions(api: Api): Client {
  return createClient({
    url: `${api.url.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { authorization: `Bearer ${api.key}` },
  });
}
// #endregion websocket
