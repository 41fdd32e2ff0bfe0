import type { PageRequest, PageResult } from '@tributary/core';
import { linkOf, pageSizeOf } from './chunk-input.ts';
import { graphGet } from './graph-get.ts';
import { folderPageSchema } from './graph-schemas.ts';
import { graphUrl, rebaseLink, userPath } from './graph-url.ts';
import { withoutAnnotations } from './to-records.ts';

/** `{stream: 'mail_folders', kind: 'folders'}`: every mail folder, page by page. */
export async function readFolders(request: PageRequest): Promise<PageResult> {
  const first = graphUrl(request.baseUrl, `${userPath(request.accountId)}/mailFolders`, {
    $top: String(pageSizeOf(request.pageSize, 100)),
  });
  const link = linkOf(request.cursor);
  const url =
    link && 'nextLink' in link ? rebaseLink(request.baseUrl, link.nextLink, '/mailFolders') : first;
  const { body, usage, requests } = await graphGet(request, url, folderPageSchema);
  const next = body['@odata.nextLink'];
  return {
    records: body.value.map((folder) => ({
      stream: 'mail_folders',
      externalId: folder.id,
      data: withoutAnnotations(folder),
    })),
    nextCursor: next ? { nextLink: next } : null,
    usage: [usage],
    itemLabel: body.value.at(-1)?.displayName,
    requests,
  };
}
