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

function folderMessagesPath(request: Omit<PageRequest, 'cursor'>): string {
  return `${userPath(request.accountId)}/mailFolders/${encodeURIComponent(folderIdOf(request.chunk))}/messages`;
}

/**
 * `{stream: 'messages', kind: 'delta', params: {folderId, receivedSince?}}`. A null cursor
 * starts a round over the folder; `{nextLink}` continues it; `{deltaLink}` (the stream
 * cursor of the previous round) reads what changed since. `@removed` items become deleted
 * records. The round's last page hands the new deltaLink back as the stream cursor. A dead
 * delta token surfaces as the classifier's `permanent` SyncStateNotFound error.
 */
export async function readMessageDelta(request: PageRequest): Promise<PageResult> {
  const path = `${folderMessagesPath(request)}/delta`;
  const link = linkOf(request.cursor);
  let url: string;
  if (link) {
    url = rebaseLink(request.baseUrl, 'nextLink' in link ? link.nextLink : link.deltaLink, path);
  } else {
    const since = receivedSinceOf(request.chunk);
    url = graphUrl(request.baseUrl, path, {
      $select: MESSAGE_SELECT.join(','),
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
  return {
    records: body.value.map(messageRecord),
    nextCursor: next ? { nextLink: next } : null,
    ...(next ? {} : { streamCursor: { deltaLink: delta } }),
    usage: [usage],
    itemLabel: lastSubject(body.value),
    requests,
  };
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
  const { body } = await graphGet(request, url, countPageSchema, { consistencyLevel: true });
  return body['@odata.count'];
}
