import type { PageRequest, PageResult, SourceRecord } from '@tributary/core';
import { graphGet, graphList, nextAfter } from '../facebook-graph/index.ts';
import {
  conversationWithMessagesSchema,
  type GraphConversation,
  type GraphConversationWithMessages,
  parseGraphTime,
} from './api-schemas.ts';
import { ChunkInputError } from './chunk-input-error.ts';
import { readConversationsCursor } from './conversations-cursor.ts';
import {
  CONVERSATION_PAGE_FIELDS,
  GRAPH_VERSION,
  MESSAGES_PER_CONVERSATION,
  PAGES_HISTORY_FLOOR,
} from './fields.ts';
import { type GraphMessage, interactionEventOf } from './interaction-events.ts';
import { windowShare } from './window-share.ts';

const DEFAULT_PAGE_SIZE = 25;

/**
 * One page of a `conversations` chunk: one request to the conversations edge (newest
 * `updated_time` first; the edge has no time filter) with each conversation's 25 most recent
 * messages expanded inline, as conversations, messages and interaction_events records.
 *
 * The range is [windowStart, windowEnd) and after `params.stopAtUpdatedTime`. Paging stops at
 * the first conversation older than the range (everything after it is older still); newer
 * ones are skipped but paging goes on past them. With `params.handOverHistory` (the RECENT
 * window of an initial read) the page that crosses into older conversations is kept whole and
 * the edge's cursor after it is handed on, so the history read continues there instead of
 * paging through the recent conversations again.
 */
export async function readConversationsPage(request: PageRequest): Promise<PageResult> {
  const { chunk, accountId: pageId } = request;
  if (chunk.kind !== 'conversations')
    throw new ChunkInputError('kind', `unknown kind ${chunk.kind} (only "conversations")`);
  const stopAt = stopAtOf(chunk.params);
  const handOver = chunk.params?.handOverHistory === true;
  const cursor = readConversationsCursor(request.cursor);
  const list = await graphGet({
    provider: 'FACEBOOK_PAGES' as const,
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    accessToken: request.credentials.accessToken,
    usageKey: `FACEBOOK_PAGES:${pageId}`,
    signal: request.signal,
    path: `/${GRAPH_VERSION}/${pageId}/conversations`,
    query: {
      platform: 'messenger',
      fields: CONVERSATION_PAGE_FIELDS,
      limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE),
      after: cursor.after,
    },
    schema: graphList(conversationWithMessagesSchema),
  });

  const kept: GraphConversationWithMessages[] = [];
  let reachedOlder = false;
  for (const conversation of list.body.data) {
    const updated = parseGraphTime(conversation.updated_time);
    const older =
      (stopAt && updated <= stopAt) || (chunk.windowStart && updated < chunk.windowStart);
    if (older && !handOver) {
      reachedOlder = true;
      break;
    }
    if (older) reachedOlder = true;
    else if (chunk.windowEnd && updated >= chunk.windowEnd) continue;
    kept.push(conversation);
  }

  const records: SourceRecord[] = [];
  let newest = cursor.newestUpdatedTime;
  for (const conversation of kept) {
    const updated = parseGraphTime(conversation.updated_time);
    const inRange = !(chunk.windowStart && updated < chunk.windowStart);
    // Only what the range covers moves the watermark: older conversations handed over are
    // history, and the next incremental read must still see anything newer than the range.
    if (inRange && (!newest || updated > newest)) newest = updated;
    records.push(...conversationRecords(conversation, pageId));
  }

  const more = nextAfter(list.body.paging);
  const after = reachedOlder ? null : more;
  const readSoFar = (cursor.records ?? 0) + records.length;
  const last = kept.at(-1);
  const result: PageResult = {
    records,
    nextCursor: after
      ? {
          after,
          ...(newest ? { newestUpdatedTime: newest.toISOString() } : {}),
          records: readSoFar,
        }
      : null,
    usage: list.usage,
    requests: list.requests,
  };
  const estimate = after
    ? estimateTotal(chunk, stopAt, newest, list.body.data.at(-1)?.updated_time, readSoFar)
    : readSoFar;
  if (estimate !== undefined) result.estimatedTotal = estimate;
  if (last) result.itemLabel = customerName(last, pageId);
  // Newest first: the oldest conversation listed tells how far back in the range paging is.
  const oldest = list.body.data.at(-1);
  const share = oldest
    ? windowShare(
        chunk.windowStart ?? stopAt,
        chunk.windowEnd ?? cursor.newestUpdatedTime ?? newest,
        parseGraphTime(oldest.updated_time),
      )
    : undefined;
  if (after && share !== undefined) result.progressShare = share;
  if (!after) {
    // Nothing read in range: keep the previous watermark, or everything before the window.
    const fallback =
      stopAt ?? (chunk.windowStart ? new Date(chunk.windowStart.getTime() - 1) : null);
    const watermark = newest ?? fallback;
    const newestUpdatedTime = watermark ? watermark.toISOString() : null;
    result.streamCursor = handOver
      ? // historyAfter null: the edge ended inside the window, so no history is left to read.
        { recentRead: { newestUpdatedTime, historyAfter: reachedOlder ? more : null } }
      : { newestUpdatedTime };
  }
  return result;
}

/**
 * Records the chunk will read in all, extrapolated from the share of its time range the pages
 * so far covered (the edge is newest first, so the oldest `updated_time` seen is how far the
 * read has come). Refined on every page; unknown when the range has no known lower end.
 */
function estimateTotal(
  chunk: PageRequest['chunk'],
  stopAt: Date | undefined,
  newest: Date | undefined,
  oldestSeen: string | undefined,
  readSoFar: number,
): number | undefined {
  const lower = stopAt ?? chunk.windowStart;
  if (!lower || lower <= PAGES_HISTORY_FLOOR || !oldestSeen || readSoFar === 0) return undefined;
  const upper = chunk.windowEnd ?? newest;
  if (!upper) return undefined;
  const span = upper.getTime() - lower.getTime();
  const covered = upper.getTime() - parseGraphTime(oldestSeen).getTime();
  if (span <= 0 || covered <= 0) return undefined;
  return Math.max(readSoFar, Math.round((readSoFar * span) / Math.min(covered, span)));
}

function conversationRecords(
  { messages: inline, ...conversation }: GraphConversationWithMessages,
  pageId: string,
): SourceRecord[] {
  const messages: GraphMessage[] = inline?.data ?? [];
  const records: SourceRecord[] = [
    {
      stream: 'conversations',
      externalId: conversation.id,
      data: conversation,
      modifiedAt: parseGraphTime(conversation.updated_time),
    },
  ];
  for (const message of messages.slice(0, MESSAGES_PER_CONVERSATION)) {
    const at = parseGraphTime(message.created_time);
    records.push({ stream: 'messages', externalId: message.id, data: message, modifiedAt: at });
    const event = interactionEventOf(message, conversation.id, pageId);
    records.push({
      stream: 'interaction_events',
      externalId: event.id,
      data: event,
      modifiedAt: at,
    });
  }
  return records;
}

function customerName(conversation: GraphConversation, pageId: string): string | undefined {
  const people = conversation.participants?.data ?? [];
  return (people.find((p) => p.id !== pageId) ?? people[0])?.name ?? conversation.id;
}

function stopAtOf(params: Record<string, unknown> | undefined): Date | undefined {
  const raw = params?.stopAtUpdatedTime;
  if (raw === undefined || raw === null) return undefined;
  const date = typeof raw === 'string' ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new ChunkInputError(
      'params.stopAtUpdatedTime',
      `not an ISO time: ${JSON.stringify(raw)}`,
    );
  return date;
}
