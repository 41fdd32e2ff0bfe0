import type { Cursor } from '@tributary/core';
import { ChunkInputError } from './chunk-input-error.ts';

/**
 * Checkpoint of a conversations chunk: the edge's `after` cursor, and the newest
 * `updated_time` read so far (page 1 sees it; the last page reports it as the stream cursor).
 */
export type ConversationsCursor = { after?: string; newestUpdatedTime?: Date };

export function readConversationsCursor(cursor: Cursor | null): ConversationsCursor {
  if (cursor === null) return {};
  const { after, newestUpdatedTime } = cursor;
  if (after !== undefined && (typeof after !== 'string' || after.length === 0))
    throw new ChunkInputError('cursor.after', `not a Graph cursor: ${JSON.stringify(after)}`);
  const out: ConversationsCursor = {};
  if (after !== undefined) out.after = after;
  if (newestUpdatedTime !== undefined && newestUpdatedTime !== null) {
    const date = typeof newestUpdatedTime === 'string' ? new Date(newestUpdatedTime) : undefined;
    if (!date || Number.isNaN(date.getTime()))
      throw new ChunkInputError(
        'cursor.newestUpdatedTime',
        `not an ISO time: ${JSON.stringify(newestUpdatedTime)}`,
      );
    out.newestUpdatedTime = date;
  }
  return out;
}
