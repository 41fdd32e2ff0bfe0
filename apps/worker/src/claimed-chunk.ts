import type { ChunkInput, Cursor, PageResult } from '@tributary/core';
import type { ClaimedChunk } from '@tributary/db';

/** What the connector reads for a claimed chunk. */
export function chunkInput(chunk: ClaimedChunk): ChunkInput {
  const params = (chunk.input_cursor as { params?: Record<string, unknown> } | null)?.params;
  return {
    stream: chunk.stream,
    kind: chunk.kind,
    ...(chunk.window_start ? { windowStart: chunk.window_start } : {}),
    ...(chunk.window_end ? { windowEnd: chunk.window_end } : {}),
    ...(chunk.entity_ids && chunk.entity_ids.length > 0 ? { entityIds: chunk.entity_ids } : {}),
    ...(params ? { params } : {}),
  };
}

/** Where the chunk resumes: its checkpoint, else the cursor it was planned with. */
export function resumeCursor(chunk: ClaimedChunk): Cursor | null {
  return (
    (chunk.checkpoint as Cursor | null) ??
    (chunk.input_cursor as { cursor?: Cursor } | null)?.cursor ??
    null
  );
}

/**
 * The mark a chunk's rows carry: FULL_RESYNC's root job (rows it never saw are deleted when it
 * ends), and for a complete listing the same job mark, so its unseen rows are known at its end.
 */
export function seenMarkOf(chunk: ClaimedChunk): string | null {
  if (chunk.job_mode === 'FULL_RESYNC') return chunk.job_root_id;
  return completesListing(chunk) ? (chunk.job_root_id ?? chunk.job_id) : null;
}

export function completesListing(chunk: ClaimedChunk): boolean {
  return (chunk.input_cursor as { completeListing?: boolean } | null)?.completeListing === true;
}

/** The stream cursor (delta link, newest time) a chunk's last page stores on its stream. */
export function streamCursorOf(chunk: ClaimedChunk, page: PageResult) {
  const key = (chunk.input_cursor as { streamCursorKey?: string } | null)?.streamCursorKey;
  if (!key || !page.streamCursor || page.nextCursor !== null) return undefined;
  const value = Object.values(page.streamCursor)[0];
  return { stream: chunk.stream, cursor: { [key]: value } };
}
