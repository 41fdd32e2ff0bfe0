import { type ChunkInput, type PageRequest, type PageResult, ProviderError } from '@tributary/core';
import { folderIdOf, invalidInput, linkOf, pageSizeOf } from './chunk-input.ts';
import { graphGet } from './graph-get.ts';
import { countPageSchema, deltaPageSchema } from './graph-schemas.ts';
import { graphUrl, rebaseLink, userPath } from './graph-url.ts';
import { MESSAGE_SELECT } from './message-fields.ts';
import { lastSubject, messageRecord } from './to-records.ts';

function receivedSinceOf(chunk: ChunkInput): string | undefined {
  const since = chunk.params?.receivedSince;
  if (since === undefined) return undefined;
  if (typeof since !== 'string' || Number.isNaN(Date.parse(since))) {
    throw invalidInput(`params.receivedSince must be an ISO date, got ${JSON.stringify(since)}`);
  }
  return new Date(since).toISOString();
}

/** `params.stopBefore`: the recent read stops once a page reaches mail received before this. */
function stopBeforeOf(chunk: ChunkInput): Date | undefined {
  const raw = chunk.params?.stopBefore;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) {
    throw invalidInput(`params.stopBefore must be an ISO date, got ${JSON.stringify(raw)}`);
  }
  return new Date(raw);
}

function folderMessagesPath(request: Omit<PageRequest, 'cursor'>): string {
  return `${userPath(request.accountId)}/mailFolders/${encodeURIComponent(folderIdOf(request.chunk))}/messages`;
}

/**
 * `{stream: 'messages', kind: 'delta', params: {folderId, receivedSince?, stopBefore?}}`. A null
 * cursor starts a round over the folder; `{nextLink}` continues it; `{deltaLink}` (the stream
 * cursor of the previous round) reads what changed since. `@removed` items become deleted
 * records. The round's last page hands the new deltaLink back as the stream cursor. A dead
 * delta token surfaces as the classifier's `permanent` SyncStateNotFound error.
 *
 * A round from scratch asks for `$orderby=receivedDateTime desc` (without it "the return order
 * isn't guaranteed": https://learn.microsoft.com/graph/delta-query-messages), so the initial
 * read is the folder newest first and can be split without reading a message twice: with
 * `stopBefore`, the chunk ends after the page that reaches older mail and hands the round's
 * `{nextLink}` on as its stream cursor; the history read continues the same round from there
 * and ends with the deltaLink. Delta's `$filter` takes only `receivedDateTime ge|gt` and caps a
 * filtered round at 5,000 messages (same page), so the window is kept by stopping, not filtering.
 */
export async function readMessageDelta(request: PageRequest): Promise<PageResult> {
  const path = `${folderMessagesPath(request)}/delta`;
  const link = linkOf(request.cursor);
  const stopBefore = stopBeforeOf(request.chunk);
  let url: string;
  if (link) {
    url = rebaseLink(request.baseUrl, 'nextLink' in link ? link.nextLink : link.deltaLink, path);
  } else {
    const since = receivedSinceOf(request.chunk);
    url = graphUrl(request.baseUrl, path, {
      $select: MESSAGE_SELECT.join(','),
      $orderby: 'receivedDateTime desc',
      ...(since ? { $filter: `receivedDateTime ge ${since}` } : {}),
    });
  }
  const { body, usage, requests } = await graphGet(request, url, deltaPageSchema, {
    maxPageSize: pageSizeOf(request.pageSize, 100),
  });
  const next = body['@odata.nextLink'];
  const delta = body['@odata.deltaLink'];
  if (!next && !delta) {
    throw new ProviderError(
      `MICROSOFT_MAIL ${path}: delta page has neither @odata.nextLink nor @odata.deltaLink`,
      { provider: 'MICROSOFT_MAIL', kind: 'malformed', endpoint: path, httpStatus: 200 },
    );
  }
  const records = body.value.map(messageRecord);
  const page = { usage: [usage], itemLabel: lastSubject(body.value), requests };
  if (next && stopBefore && reachedOlder(body.value, stopBefore)) {
    return {
      ...page,
      records,
      nextCursor: null,
      streamCursor: { historyFrom: { nextLink: next } },
    };
  }
  return {
    ...page,
    records,
    nextCursor: next ? { nextLink: next } : null,
    ...(next ? {} : { streamCursor: { deltaLink: delta } }),
  };
}

/** Whether a newest-first page holds mail received before `stopBefore` (the last is the oldest). */
function reachedOlder(items: readonly Record<string, unknown>[], stopBefore: Date): boolean {
  return items.some(
    (item) =>
      typeof item.receivedDateTime === 'string' &&
      Date.parse(item.receivedDateTime) < stopBefore.getTime(),
  );
}

/** Messages a delta round from scratch will read (the folder's, since `receivedSince`). */
export async function estimateMessageDelta(
  request: Omit<PageRequest, 'cursor'>,
): Promise<number | undefined> {
  const since = receivedSinceOf(request.chunk);
  const url = graphUrl(request.baseUrl, folderMessagesPath(request), {
    $select: 'id',
    $top: '1',
    $count: 'true',
    ...(since ? { $filter: `receivedDateTime ge ${since}` } : {}),
  });
  const { body } = await graphGet(request, url, countPageSchema);
  return body['@odata.count'];
}
