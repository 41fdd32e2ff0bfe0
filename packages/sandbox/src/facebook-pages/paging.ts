/**
 * Keyset cursors: the `after` cursor names the last item returned, so items that move to the
 * top of the list while a client pages (a conversation gets a new message) never shift the
 * remaining pages. Opaque base64url, as Graph's cursors are.
 */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return key.includes(':') ? key : undefined;
}

export type GraphPage = {
  data: unknown[];
  paging?: { cursors: { before: string; after: string }; next?: string };
};

/** Builds `{data, paging}` with `paging.next` repeating the request's query with the new cursor. */
export function graphPage(
  data: unknown[],
  keys: { first: string; last: string } | undefined,
  hasMore: boolean,
  nextBase: { url: string; query: URLSearchParams },
): GraphPage {
  if (!keys) return { data };
  const cursors = { before: encodeCursor(keys.first), after: encodeCursor(keys.last) };
  if (!hasMore) return { data, paging: { cursors } };
  const query = new URLSearchParams(nextBase.query);
  query.delete('before');
  query.set('after', cursors.after);
  return { data, paging: { cursors, next: `${nextBase.url}?${query}` } };
}
