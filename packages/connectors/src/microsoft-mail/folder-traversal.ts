import type { Cursor } from '@tributary/core';
import { invalidInput } from './chunk-input.ts';

/**
 * Where a walk of the folder tree stands: the listing being read (a top-level or
 * `childFolders` URL, or a page of one) and the folders whose children are still to be
 * listed, next first. The whole state fits in the cursor, so a checkpoint resumes the walk
 * exactly and nothing beyond one page is held in memory.
 */
export type FolderTraversal = { nextLink: string; pending: string[] };

/** The traversal a cursor carries; null starts at the top level. */
export function folderTraversalOf(cursor: Cursor | null): FolderTraversal | null {
  if (cursor === null) return null;
  const { nextLink, pending = [] } = cursor;
  // A cursor from before the walk went below the top level has no `pending`: nothing queued.
  if (
    typeof nextLink !== 'string' ||
    !Array.isArray(pending) ||
    !pending.every((id): id is string => typeof id === 'string' && id !== '')
  ) {
    throw invalidInput(
      `mail folder cursor ${JSON.stringify(cursor).slice(0, 100)} needs nextLink and a list of pending folder ids`,
    );
  }
  return { nextLink, pending };
}
