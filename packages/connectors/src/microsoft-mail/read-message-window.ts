import type { PageRequest, PageResult } from '@tributary/core';
import { folderIdOf, linkOf, pageSizeOf, windowOf } from './chunk-input.ts';
import { graphGet } from './graph-get.ts';
import { countPageSchema, messagePageSchema } from './graph-schemas.ts';
import { graphUrl, rebaseLink, userPath } from './graph-url.ts';
import { MESSAGE_SELECT } from './message-fields.ts';
import { lastSubject, messageRecord } from './to-records.ts';

type WindowRequest = Omit<PageRequest, 'cursor'>;

function windowFilter(request: WindowRequest): string {
  const { start, end } = windowOf(request.chunk);
  return `receivedDateTime ge ${start.toISOString()} and receivedDateTime lt ${end.toISOString()}`;
}

function messagesPath(request: WindowRequest): string {
  return `${userPath(request.accountId)}/mailFolders/${encodeURIComponent(folderIdOf(request.chunk))}/messages`;
}

/**
 * `{stream: 'messages', kind: 'window', params: {folderId}}`: messages received in
 * [windowStart, windowEnd), newest first. The first page asks for `$count` so the engine
 * learns the chunk's size; later pages follow `@odata.nextLink`.
 */
export async function readMessageWindow(request: PageRequest): Promise<PageResult> {
  const link = linkOf(request.cursor);
  const url =
    link && 'nextLink' in link
      ? rebaseLink(request.baseUrl, link.nextLink, messagesPath(request))
      : graphUrl(request.baseUrl, messagesPath(request), {
          $select: MESSAGE_SELECT.join(','),
          $filter: windowFilter(request),
          $orderby: 'receivedDateTime desc',
          $top: String(pageSizeOf(request.pageSize, 100)),
          $count: 'true',
        });
  // Outlook messages take `$count=true` without `ConsistencyLevel` (only directory objects
  // need it): https://learn.microsoft.com/graph/query-parameters#count-parameter
  const { body, usage, requests } = await graphGet(request, url, messagePageSchema);
  const next = body['@odata.nextLink'];
  const count = body['@odata.count'];
  return {
    records: body.value.map(messageRecord),
    nextCursor: next ? { nextLink: next } : null,
    usage: [usage],
    ...(count !== undefined ? { estimatedTotal: count } : {}),
    itemLabel: lastSubject(body.value),
    requests,
  };
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
