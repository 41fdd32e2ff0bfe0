import { type PageRequest, type PageResult, rateBudgetKey } from '@tributary/core';
import { z } from 'zod';
import { graphGet } from '../facebook-graph/graph-get.ts';
import { graphList, nextAfter } from '../facebook-graph/paging.ts';
import { chunkError } from './chunk-error.ts';
import {
  ALL_EFFECTIVE_STATUSES,
  GRAPH_VERSION,
  STREAM_LEVEL,
  STRUCTURE_FIELDS,
  type StructureStream,
} from './fields.ts';

const entity = z.looseObject({ id: z.string().min(1), updated_time: z.string().min(1) });
/** `summary=total_count` answers the edge's size beside the first page. */
const entityPage = graphList(entity).extend({
  summary: z.looseObject({ total_count: z.number().int().min(0) }).optional(),
});
const cursorSchema = z.object({ after: z.string().min(1) });

export const DEFAULT_PAGE_SIZE = 500;

/**
 * One page of campaigns, ad sets or ads (`kind: 'structure'`), optionally only those updated
 * since `params.updatedSince`, in every status (archived and deleted included). Cursor
 * `{after}`; records keyed by id, modified at updated_time.
 */
export async function readStructurePage(
  request: PageRequest,
  options: { timeoutMs?: number },
): Promise<PageResult> {
  const stream = request.chunk.stream as StructureStream;
  const fields = STRUCTURE_FIELDS[stream];
  if (!fields) throw chunkError(`structure chunks read campaigns, adsets or ads, not ${stream}`);
  const after = request.cursor ? cursorSchema.safeParse(request.cursor) : undefined;
  if (after && !after.success) throw chunkError(`cursor must be {after: string}`);
  const filtering = updatedSinceFilter(request.chunk.params?.updatedSince);

  const { body, usage, requests } = await graphGet({
    provider: 'FACEBOOK_ADS',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    path: `/${GRAPH_VERSION}/${request.accountId}/${stream}`,
    query: {
      fields: fields.join(','),
      limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE),
      after: after?.data.after,
      filtering,
      // The edge's size rides along with the first page: the chunk's estimate, at no cost.
      // https://developers.facebook.com/docs/graph-api/results ("summary")
      summary: after ? undefined : 'total_count',
      // Archived and deleted objects too: their history is still the account's.
      effective_status: JSON.stringify(ALL_EFFECTIVE_STATUSES[STREAM_LEVEL[stream]]),
    },
    accessToken: request.credentials.accessToken,
    usageKey: rateBudgetKey('FACEBOOK_ADS', request.accountId, 'ads_management'),
    schema: entityPage,
    signal: request.signal,
    timeoutMs: options.timeoutMs,
  });
  const next = nextAfter(body.paging);
  return {
    records: body.data.map((data) => ({
      stream,
      externalId: data.id,
      data,
      modifiedAt: new Date(data.updated_time),
    })),
    nextCursor: next ? { after: next } : null,
    ...(body.summary ? { estimatedTotal: body.summary.total_count } : {}),
    usage,
    requests,
  };
}

/**
 * Graph compares whole seconds with GREATER_THAN; asking from one second earlier re-reads at
 * most the entities of that second (upserts absorb them) and never misses one.
 */
function updatedSinceFilter(updatedSince: unknown): string | undefined {
  if (updatedSince === undefined) return undefined;
  const ms = typeof updatedSince === 'string' ? Date.parse(updatedSince) : Number.NaN;
  if (Number.isNaN(ms)) throw chunkError('params.updatedSince must be an ISO time');
  const value = Math.floor(ms / 1000) - 1;
  return JSON.stringify([{ field: 'updated_time', operator: 'GREATER_THAN', value }]);
}
