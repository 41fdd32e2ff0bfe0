import type { AccountInfo, ConnectionContext } from '@tributary/core';
import { z } from 'zod';
import { graphGet, graphList, nextAfter } from '../facebook-graph/index.ts';
import { graphTimeString, pageSchema, parseGraphTime } from './api-schemas.ts';
import { GRAPH_VERSION, PAGES_HISTORY_FLOOR } from './fields.ts';

/**
 * The Page's name, and where its history starts, in two requests. Pages expose no creation
 * time and the conversations edge reads newest first only, so the start is known only when
 * the first page of the edge (100 conversations) is all there is: its oldest `updated_time`.
 * Otherwise history starts at the floor (Facebook Pages' launch) and the history read simply
 * pages to the edge's end; walking the edge here would read the whole inbox before storing
 * anything (an INITIAL of a 100,000-conversation Page stored nothing for minutes).
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
    reportUsage: context.reportUsage,
  };
  const [page, first] = await Promise.all([
    graphGet({
      ...base,
      path: `/${GRAPH_VERSION}/${context.accountId}`,
      query: { fields: 'id,name' },
      schema: pageSchema,
    }),
    graphGet({
      ...base,
      path: `/${GRAPH_VERSION}/${context.accountId}/conversations`,
      query: { platform: 'messenger', fields: 'updated_time', limit: '100' },
      schema: graphList(z.looseObject({ updated_time: graphTimeString })),
    }),
  ]);
  const oldest = first.body.data.at(-1)?.updated_time;
  const complete = nextAfter(first.body.paging) === null;
  const createdAt = !complete ? PAGES_HISTORY_FLOOR : oldest ? parseGraphTime(oldest) : new Date();
  return { name: page.body.name, createdAt };
}
