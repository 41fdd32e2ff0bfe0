import type { SyncRecord } from '../graphql/results.ts';

/** Most recently changed first; ties (one page commit) by external id for a stable order. */
export function newestFirst(records: readonly SyncRecord[]): SyncRecord[] {
  return [...records].sort(
    (a, b) =>
      Date.parse(b.modifiedAt) - Date.parse(a.modifiedAt) ||
      (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0),
  );
}
