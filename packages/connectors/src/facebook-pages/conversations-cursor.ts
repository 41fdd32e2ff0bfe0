import type { Cursor } from '@tributary/core';
import { ChunkInputError } from './chunk-input-error.ts';

/**
 * Checkpoint of a conversations chunk: the edge's `after` cursor, the newest `updated_time`
 * read so far (page 1 sees it; the last page reports it as the stream cursor), and the records
 * read so far (what the chunk's size estimate is extrapolated from).
 */
export type ConversationsCursor = { after?: string; newestUpdatedTime?: Date; records?: number };

export function readConversationsCursor(cursor: Cursor | null): ConversationsCursor {
  if (cursor === null) return {};
  const { after, newestUpdatedTime, records } = cursor;
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
  if (records !== undefined) {
    if (typeof records !== 'number' || !Number.isInteger(records) || records < 0)
      throw new ChunkInputError('cursor.records', `not a count: ${JSON.stringify(records)}`);
    out.records = records;
  }
  return out;
}
