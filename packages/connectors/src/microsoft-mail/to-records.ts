import type { SourceRecord } from '@tributary/core';

/** Record data is what Graph returned minus OData annotations (`@odata.etag`, `@odata.type`). */
export function withoutAnnotations(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('@')));
}

export function messageRecord(item: Record<string, unknown> & { id: string }): SourceRecord {
  if ('@removed' in item) {
    return { stream: 'messages', externalId: item.id, data: { id: item.id }, deleted: true };
  }
  const modified =
    typeof item.lastModifiedDateTime === 'string' ? new Date(item.lastModifiedDateTime) : undefined;
  return {
    stream: 'messages',
    externalId: item.id,
    data: withoutAnnotations(item),
    ...(modified ? { modifiedAt: modified } : {}),
  };
}

/** The subject of the last message on a page, for "now reading …". */
export function lastSubject(items: readonly Record<string, unknown>[]): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const subject = items[i]?.subject;
    if (typeof subject === 'string') return subject;
  }
  return undefined;
}
