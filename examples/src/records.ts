import { type Api, graphql } from './api.ts';

type RecordNode = { externalId: string; data: unknown; deletedAt: string | null };
type RecordsPage = {
  records: {
    edges: { node: RecordNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    resumeCursor: string;
  };
};

/** The integrator's own copy of a stream: external id → the record's `data`. */
export type Mirror = Map<string, unknown>;

// #region read-stream
/**
 * Reads a whole stream into `mirror`, 500 records a page, each page starting after the last
 * one's `endCursor` (keyset paging: every page costs the same at any depth). Returns the last
 * page's `resumeCursor`: where the change feed starts next time.
 */
export async function readStream(
  api: Api,
  connectionId: string,
  stream: string,
  mirror: Mirror,
): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const { records }: RecordsPage = await graphql<RecordsPage>(
      api,
      `query ($connectionId: ID!, $stream: String!, $after: String) {
        records(connectionId: $connectionId, stream: $stream, first: 500, after: $after) {
          edges { node { externalId data deletedAt } }
          pageInfo { hasNextPage endCursor }
          resumeCursor
        }
      }`,
      { connectionId, stream, after },
    );
    // A record changed while we page comes again later in the order: the last copy wins.
    for (const { node } of records.edges) mirror.set(node.externalId, node.data);
    if (!records.pageInfo.hasNextPage) return records.resumeCursor;
    after = records.pageInfo.endCursor;
  }
}
// #endregion read-stream

export type Changes = { upserted: number; deleted: number; resumeCursor: string };

// #region change-feed
/**
 * Applies everything inserted, updated or deleted since `since` (a `resumeCursor`) to
 * `mirror`, paging on with `changedSince: endCursor`. Deleted records come with `deletedAt`.
 */
export async function readChanges(
  api: Api,
  connectionId: string,
  stream: string,
  since: string,
  mirror: Mirror,
): Promise<Changes> {
  const changes = { upserted: 0, deleted: 0 };
  let changedSince = since;
  for (;;) {
    const { records }: RecordsPage = await graphql<RecordsPage>(
      api,
      `query ($connectionId: ID!, $stream: String!, $changedSince: String!) {
        records(connectionId: $connectionId, stream: $stream, changedSince: $changedSince, first: 500) {
          edges { node { externalId data deletedAt } }
          pageInfo { hasNextPage endCursor }
          resumeCursor
        }
      }`,
      { connectionId, stream, changedSince },
    );
    for (const { node } of records.edges) {
      if (node.deletedAt) {
        mirror.delete(node.externalId);
        changes.deleted++;
      } else {
        mirror.set(node.externalId, node.data);
        changes.upserted++;
      }
    }
    if (!records.pageInfo.hasNextPage) return { ...changes, resumeCursor: records.resumeCursor };
    changedSince = records.pageInfo.endCursor!;
  }
}
// #endregion change-feed
