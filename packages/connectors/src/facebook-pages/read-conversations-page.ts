import type { PageRequest, PageResult, SourceRecord, UsageReading } from '@tributary/core';
import { graphGet, graphList, nextAfter } from '../facebook-graph/index.ts';
import {
  conversationSchema,
  type GraphConversation,
  messageSchema,
  parseGraphTime,
} from './api-schemas.ts';
import { ChunkInputError } from './chunk-input-error.ts';
import { readConversationsCursor } from './conversations-cursor.ts';
import {
  CONVERSATION_FIELDS,
  GRAPH_VERSION,
  MESSAGE_FIELDS,
  MESSAGES_PER_CONVERSATION,
} from './fields.ts';
import { type GraphMessage, interactionEventOf } from './interaction-events.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { windowShare } from './window-share.ts';

const DEFAULT_PAGE_SIZE = 25;
/** Message reads of one page run this many at a time: fast, and well inside Page budgets. */
const MESSAGE_CONCURRENCY = 4;

/**
 * One page of a `conversations` chunk: a page of the conversations edge (newest
 * `updated_time` first; the edge has no time filter) plus the 25 most recent messages of each
 * conversation in the chunk's range, as conversations, messages and interaction_events records.
 *
 * The range is [windowStart, windowEnd) and after `params.stopAtUpdatedTime`. Paging stops at
 * the first conversation older than the range (everything after it is older still); newer
 * ones are skipped but paging goes on past them.
 */
export async function readConversationsPage(request: PageRequest): Promise<PageResult> {
  const { chunk, accountId: pageId } = request;
  if (chunk.kind !== 'conversations')
    throw new ChunkInputError('kind', `unknown kind ${chunk.kind} (only "conversations")`);
  const stopAt = stopAtOf(chunk.params);
  const cursor = readConversationsCursor(request.cursor);
  const usageKey = `FACEBOOK_PAGES:${pageId}`;
  const base = {
    provider: 'FACEBOOK_PAGES' as const,
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    accessToken: request.credentials.accessToken,
    usageKey,
    signal: request.signal,
  };

  const list = await graphGet({
    ...base,
    path: `/${GRAPH_VERSION}/${pageId}/conversations`,
    query: {
      platform: 'messenger',
      fields: CONVERSATION_FIELDS.join(','),
      limit: String(request.pageSize ?? DEFAULT_PAGE_SIZE),
      after: cursor.after,
    },
    schema: graphList(conversationSchema),
  });
  let requests = list.requests;
  let usage: UsageReading[] = list.usage;

  const inRange: GraphConversation[] = [];
  let reachedOlder = false;
  for (const conversation of list.body.data) {
    const updated = parseGraphTime(conversation.updated_time);
    if ((stopAt && updated <= stopAt) || (chunk.windowStart && updated < chunk.windowStart)) {
      reachedOlder = true;
      break;
    }
    if (chunk.windowEnd && updated >= chunk.windowEnd) continue;
    inRange.push(conversation);
  }

  const messagePages = await mapConcurrent(
    inRange,
    MESSAGE_CONCURRENCY,
    request.signal,
    (c, signal) =>
      graphGet({
        ...base,
        signal,
        path: `/${GRAPH_VERSION}/${c.id}/messages`,
        query: { fields: MESSAGE_FIELDS.join(','), limit: String(MESSAGES_PER_CONVERSATION) },
        schema: graphList(messageSchema),
      }),
  );

  const records: SourceRecord[] = [];
  let newest = cursor.newestUpdatedTime;
  inRange.forEach((conversation, i) => {
    const messages = messagePages[i]!;
    requests += messages.requests;
    if (messages.usage.length > 0) usage = messages.usage;
    const updated = parseGraphTime(conversation.updated_time);
    if (!newest || updated > newest) newest = updated;
    records.push(...conversationRecords(conversation, messages.body.data, pageId));
  });

  const after = reachedOlder ? null : nextAfter(list.body.paging);
  const last = inRange.at(-1);
  const result: PageResult = {
    records,
    nextCursor: after
      ? { after, ...(newest ? { newestUpdatedTime: newest.toISOString() } : {}) }
      : null,
    usage,
    requests,
  };
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
    result.streamCursor = { newestUpdatedTime: watermark ? watermark.toISOString() : null };
  }
  return result;
}

function conversationRecords(
  conversation: GraphConversation,
  messages: GraphMessage[],
  pageId: string,
): SourceRecord[] {
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
