import { type ChunkInput, type Cursor, ProviderError } from '@tributary/core';

/** A chunk or cursor the connector cannot read: an engine bug, so it fails permanently. */
export function invalidInput(what: string): ProviderError {
  return new ProviderError(`MICROSOFT_MAIL: ${what}`, {
    provider: 'MICROSOFT_MAIL',
    kind: 'permanent',
    endpoint: '(chunk input)',
  });
}

export function folderIdOf(chunk: ChunkInput): string {
  const folderId = chunk.params?.folderId;
  if (typeof folderId !== 'string' || folderId === '') {
    throw invalidInput(`chunk ${chunk.stream}/${chunk.kind} needs params.folderId`);
  }
  return folderId;
}

export function windowOf(chunk: ChunkInput): { start: Date; end: Date } {
  const { windowStart: start, windowEnd: end } = chunk;
  if (
    !(start instanceof Date) ||
    !(end instanceof Date) ||
    Number.isNaN(start.getTime()) ||
    Number.isNaN(end.getTime())
  ) {
    throw invalidInput(`chunk ${chunk.stream}/${chunk.kind} needs windowStart and windowEnd`);
  }
  if (start.getTime() >= end.getTime()) {
    throw invalidInput(`chunk window ${start.toISOString()} → ${end.toISOString()} is empty`);
  }
  return { start, end };
}

/** `{nextLink}` or `{deltaLink}` from a cursor; null for a chunk's start. */
export function linkOf(cursor: Cursor | null): { nextLink: string } | { deltaLink: string } | null {
  if (cursor === null) return null;
  if (typeof cursor.nextLink === 'string') return { nextLink: cursor.nextLink };
  if (typeof cursor.deltaLink === 'string') return { deltaLink: cursor.deltaLink };
  throw invalidInput(
    `cursor ${JSON.stringify(cursor).slice(0, 100)} has neither nextLink nor deltaLink`,
  );
}

/** Page size the caller asked for, within Graph's 1..1000. */
export function pageSizeOf(pageSize: number | undefined, fallback: number): number {
  if (pageSize === undefined) return fallback;
  return Math.min(1000, Math.max(1, Math.floor(pageSize)));
}
