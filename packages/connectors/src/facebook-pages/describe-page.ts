import type { AccountInfo, ConnectionContext } from '@tributary/core';
import { z } from 'zod';
import { graphGet, graphList, nextAfter } from '../facebook-graph/index.ts';
import { graphTimeString, pageSchema, parseGraphTime } from './api-schemas.ts';
import { GRAPH_VERSION } from './fields.ts';

/**
 * The Page's name, and where its history starts. Pages expose no creation time, so history
 * starts at the oldest conversation's `updated_time`: the conversations edge is walked to its
 * end with the smallest field list (100 per request; 10 requests for 1,000 conversations).
 */
export async function describePage(
  context: ConnectionContext & { signal: AbortSignal },
): Promise<AccountInfo> {
  const base = {
    provider: 'FACEBOOK_PAGES' as const,
    baseUrl: context.baseUrl,
    allowedOrigins: context.allowedOrigins,
    accessToken: context.credentials.accessToken,
    usageKey: `FACEBOOK_PAGES:${context.accountId}`,
    signal: context.signal,
  };
  const page = await graphGet({
    ...base,
    path: `/${GRAPH_VERSION}/${context.accountId}`,
    query: { fields: 'id,name' },
    schema: pageSchema,
  });

  let oldest: string | undefined;
  let after: string | null | undefined;
  do {
    const list = await graphGet({
      ...base,
      path: `/${GRAPH_VERSION}/${context.accountId}/conversations`,
      query: {
        platform: 'messenger',
        fields: 'updated_time',
        limit: '100',
        after: after ?? undefined,
      },
      schema: graphList(z.looseObject({ updated_time: graphTimeString })),
    });
    oldest = list.body.data.at(-1)?.updated_time ?? oldest;
    after = nextAfter(list.body.paging);
  } while (after);

  return { name: page.body.name, createdAt: oldest ? parseGraphTime(oldest) : new Date() };
}
