import type { PageRequest, PageResult } from '@tributary/core';
import { folderIdOf, invalidInput, linkOf, pageSizeOf, windowOf } from './chunk-input.ts';
import { graphGet } from './graph-get.ts';
import { countPageSchema, messagePageSchema } from './graph-schemas.ts';
import { graphUrl, rebaseLink, userPath } from './graph-url.ts';
import { MESSAGE_SELECT } from './message-fields.ts';
import { lastSubject, messageRecord } from './to-records.ts';

type WindowRequest = Omit<PageRequest, 'cursor'>;

function windowFilter(request: WindowRequest, before?: string): string {
  const { start, end } = windowOf(request.chunk);
  const upper = before ? `le ${before}` : `lt ${end.toISOString()}`;
  return `receivedDateTime ge ${start.toISOString()} and receivedDateTime ${upper}`;
}

function messagesPath(request: WindowRequest): string {
  return `${userPath(request.accountId)}/mailFolders/${encodeURIComponent(folderIdOf(request.chunk))}/messages`;
}

/** Where a window read continues: at or below `before`, minus the ids already read there. */
type SeekCursor = { before: string; seen: string[] };

function seekOf(cursor: PageRequest['cursor']): SeekCursor | null {
  if (cursor === null || cursor.before === undefined) return null;
  const { before, seen } = cursor;
  if (
    typeof before !== 'string' ||
    Number.isNaN(Date.parse(before)) ||
    !Array.isArray(seen) ||
    !seen.every((id) => typeof id === 'string')
  )
    throw invalidInput(
      `window cursor ${JSON.stringify(cursor).slice(0, 100)} is not a seek cursor`,
    );
  return { before: new Date(before).toISOString(), seen };
}

/**
 * `{stream: 'messages', kind: 'window', params: {folderId}}`: messages received in
 * [windowStart, windowEnd), newest first. The first page asks for `$count` so the engine
 * learns the chunk's size. Outlook pages lists by `$skip` offset, so a message deleted or moved
 * between two pages would shift the rest and make `@odata.nextLink` skip one
 * (https://learn.microsoft.com/graph/api/user-list-messages); later pages therefore seek
 * instead: `receivedDateTime le <oldest read>`, dropping the ids already read at that instant.
 * (A stored `{nextLink}` checkpoint from before is still followed.)
 */
export async function readMessageWindow(request: PageRequest): Promise<PageResult> {
  const seek = seekOf(request.cursor);
  const link = seek ? null : linkOf(request.cursor);
  const top = pageSizeOf(request.pageSize, 100);
  const url =
    link && 'nextLink' in link
      ? rebaseLink(request.baseUrl, link.nextLink, messagesPath(request))
      : graphUrl(request.baseUrl, messagesPath(request), {
          $select: MESSAGE_SELECT.join(','),
          $filter: windowFilter(request, seek?.before),
          $orderby: 'receivedDateTime desc',
          // Room for the already-read messages at the seek instant, which come back again.
          $top: String(Math.min(1000, top + (seek?.seen.length ?? 0))),
          ...(seek ? {} : { $count: 'true' }),
        });
  // Outlook messages take `$count=true` without `ConsistencyLevel` (only directory objects
  // need it): https://learn.microsoft.com/graph/query-parameters#count-parameter
  const { body, usage, requests } = await graphGet(request, url, messagePageSchema);
  const seen = new Set(seek?.seen ?? []);
  const fresh = body.value.filter((m) => !seen.has(m.id));
  const count = body['@odata.count'];
  return {
    records: fresh.map(messageRecord),
    nextCursor: nextCursorOf(body['@odata.nextLink'], body.value, fresh.length, seek),
    usage: [usage],
    ...(count !== undefined ? { estimatedTotal: count } : {}),
    itemLabel: lastSubject(fresh),
    requests,
  };
}

/**
 * The seek cursor after a page: its oldest instant and every id read at that instant. A page
 * that brought nothing new although more follow (over 1,000 messages in one second) moves on
 * by the offset link instead, so the read always progresses.
 */
function nextCursorOf(
  nextLink: string | undefined,
  page: readonly { id: string; receivedDateTime?: unknown }[],
  freshCount: number,
  previous: SeekCursor | null,
): SeekCursor | { nextLink: string } | null {
  if (!nextLink) return null;
  if (freshCount === 0) return { nextLink };
  const oldest = page.at(-1)?.receivedDateTime;
  if (typeof oldest !== 'string') return { nextLink };
  const before = new Date(oldest).toISOString();
  const at = page.filter((m) => m.receivedDateTime === oldest).map((m) => m.id);
  const carried = previous && previous.before === before ? previous.seen : [];
  return { before, seen: [...new Set([...carried, ...at])] };
}

/** `@odata.count` of a window, from a one-item page: what the engine sizes chunks with. */
export async function estimateMessageWindow(request: WindowRequest): Promise<number | undefined> {
  const url = graphUrl(request.baseUrl, messagesPath(request), {
    $select: 'id',
    $filter: windowFilter(request),
    $top: '1',
    $count: 'true',
  });
  const { body } = await graphGet(request, url, countPageSchema);
  return body['@odata.count'];
}
