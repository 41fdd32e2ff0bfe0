import type { ProviderId } from '@tributary/core';
import type { z } from 'zod';
import { graphGet } from './graph-get.ts';
import { graphList, nextAfter } from './paging.ts';

/** Enough for anyone's accounts; a longer list is cut here rather than paged for minutes. */
const MAX_PAGES = 50;

/**
 * Every item of a cursor-paged Graph edge (`/me/adaccounts`, `/me/accounts`): follows the
 * `after` cursor until `paging.next` is absent, the end Graph documents
 * (https://developers.facebook.com/docs/graph-api/results). Requests go through graphGet, so
 * only allowed origins see the token and a `next` link to another host is refused.
 */
export async function readWholeEdge<Item extends z.ZodType>(request: {
  provider: ProviderId;
  baseUrl: string;
  allowedOrigins: readonly string[];
  path: string;
  query: Record<string, string>;
  accessToken: string;
  usageKey: string;
  item: Item;
  signal: AbortSignal;
}): Promise<z.output<Item>[]> {
  const schema = graphList(request.item);
  const items: z.output<Item>[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { body } = await graphGet({
      provider: request.provider,
      baseUrl: request.baseUrl,
      allowedOrigins: request.allowedOrigins,
      path: request.path,
      query: { ...request.query, after },
      accessToken: request.accessToken,
      usageKey: request.usageKey,
      schema,
      signal: request.signal,
    });
    items.push(...(body.data as z.output<Item>[]));
    const next = nextAfter(body.paging);
    // A cursor seen before would loop forever: treat it as the end of the list.
    if (next === null || seen.has(next)) break;
    seen.add(next);
    after = next;
  }
  return items;
}
