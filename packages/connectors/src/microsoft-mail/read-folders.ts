import type { Cursor, PageRequest, PageResult } from '@tributary/core';
import { pageSizeOf } from './chunk-input.ts';
import { folderTraversalOf } from './folder-traversal.ts';
import { graphGet } from './graph-get.ts';
import { folderPageSchema } from './graph-schemas.ts';
import { graphUrl, rebaseLink, userPath } from './graph-url.ts';
import { withoutAnnotations } from './to-records.ts';

/**
 * `{stream: 'mail_folders', kind: 'folders'}`: every mail folder at every depth, one Graph
 * page per call. `/mailFolders` lists only the top level; a folder with `childFolderCount > 0`
 * is queued in the cursor and its `/childFolders` listed once the current listing ends.
 */
export async function readFolders(request: PageRequest): Promise<PageResult> {
  const at = folderTraversalOf(request.cursor);
  const url = at
    ? rebaseLink(request.baseUrl, at.nextLink, `${userPath(request.accountId)}/mailFolders`)
    : listingUrl(request, null);
  const { body, usage, requests } = await graphGet(request, url, folderPageSchema);
  const pending = [
    ...body.value.filter((folder) => folder.childFolderCount > 0).map((folder) => folder.id),
    ...(at?.pending ?? []),
  ];
  const next = body['@odata.nextLink'];
  let nextCursor: Cursor | null = null;
  if (next) {
    nextCursor = { nextLink: next, pending };
  } else if (pending.length > 0) {
    const [parentId, ...rest] = pending;
    nextCursor = { nextLink: listingUrl(request, parentId!), pending: rest };
  }
  return {
    records: body.value.map((folder) => ({
      stream: 'mail_folders',
      externalId: folder.id,
      data: withoutAnnotations(folder),
    })),
    nextCursor,
    usage: [usage],
    itemLabel: body.value.at(-1)?.displayName,
    requests,
  };
}

/** The first page of the top-level folders, or of one folder's children. */
function listingUrl(request: PageRequest, parentId: string | null): string {
  const folders = `${userPath(request.accountId)}/mailFolders`;
  return graphUrl(
    request.baseUrl,
    parentId === null ? folders : `${folders}/${encodeURIComponent(parentId)}/childFolders`,
    { $top: String(pageSizeOf(request.pageSize, 100)) },
  );
}
