import { PROVIDER_STREAMS } from '@tributary/core';
import { builder } from '../builder.ts';
import { isRecordCursor, listRecords, readPageHorizon } from '../data/records.ts';
import { echo, ValidationError } from '../errors/app-error.ts';
import { decodeCursor, encodeCursor, pageSize } from '../pagination/keyset.ts';
import { requireConnection } from './connection.ts';
import { RecordRef } from './refs.ts';

export const MAX_RECORDS_PAGE = 500;

RecordRef.implement({
  description: 'A synced record: the provider object as JSON, keyed by its provider id.',
  fields: (t) => ({
    id: t.id({ resolve: (r) => `${r.stream}:${r.externalId}` }),
    stream: t.exposeString('stream'),
    externalId: t.exposeString('externalId'),
    data: t.expose('data', { type: 'JSON' }),
    contentHash: t.exposeString('contentHash'),
    seq: t.string({
      description: 'Change sequence: bumped on every insert or change of this record.',
      resolve: (r) => String(r.seq),
    }),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime' }),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('records', (t) =>
  t.connection(
    {
      type: RecordRef,
      description: `Records of one stream in change order: a record comes again, later in the order, each time it is inserted, changed or deleted. Paging with \`after\` while a sync writes never misses a record, and every page costs the same at any depth. Pages hold up to ${MAX_RECORDS_PAGE} records (\`first\`, default 100).

Change feed: keep \`resumeCursor\` from your last page and pass it as \`changedSince\` later to get exactly what was inserted, updated or deleted since (deleted records included, with \`deletedAt\` set), with the next \`resumeCursor\`.`,
      args: {
        connectionId: t.arg.id({ required: true }),
        stream: t.arg.string({
          required: true,
          description: 'A stream name of the connection’s provider (`Connection.streams`).',
        }),
        modifiedAfter: t.arg({
          type: 'DateTime',
          description:
            'Only records the provider last modified after this time (the provider’s own modification time, e.g. `updated_time`; not when Tributary wrote them). To read what changed since your last read, use `changedSince`.',
        }),
        includeDeleted: t.arg.boolean({
          description: 'Also return records deleted at the provider (default false).',
        }),
        changedSince: t.arg.string({
          description:
            'A `resumeCursor` (or `endCursor`) from an earlier page: returns every record inserted, updated or deleted after it, deleted ones included. Not together with `after`.',
        }),
      },
      resolve: async (_root, args, ctx) => {
        const size = pageSize(args, { defaultSize: 100, max: MAX_RECORDS_PAGE });
        if (args.after != null && args.changedSince != null) {
          throw new ValidationError(
            'changedSince',
            'Pass either `after` or `changedSince`, not both',
          );
        }
        const after =
          args.changedSince != null
            ? decodeCursor(args.changedSince, isRecordCursor, 'changedSince')
            : decodeCursor(args.after, isRecordCursor);
        // The page's horizon (sequence value, record writers) is read while the connection is checked: one wait, not two.
        const horizon = readPageHorizon(ctx.services.pool);
        horizon.catch(() => {}); // awaited below, unless the connection check throws first
        const connection = await requireConnection(ctx, String(args.connectionId));
        const streams = PROVIDER_STREAMS[connection.provider];
        if (!streams.includes(args.stream)) {
          throw new ValidationError(
            'stream',
            `Unknown stream "${echo(args.stream)}" for ${connection.provider}; known: ${streams.join(', ')}`,
          );
        }
        const page = await listRecords(
          ctx.services.pool,
          {
            connectionId: connection.id,
            stream: args.stream,
            modifiedAfter: args.modifiedAfter ?? null,
            includeDeleted: args.changedSince != null || (args.includeDeleted ?? false),
          },
          { after, limit: size, horizon: await horizon },
        );
        // Edge cursors are encoded only when selected: an export reads endCursor alone.
        const edges = page.rows.map((node, index) => ({
          get cursor() {
            return encodeCursor(page.cursorAfter(index));
          },
          node,
        }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasMore,
            hasPreviousPage: after !== null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          resumeCursor: encodeCursor(page.end),
        };
      },
    },
    {
      name: 'RecordConnection',
      fields: (t) => ({
        resumeCursor: t.string({
          description:
            'Where to continue after this page, even an empty one: pass it as `after` for the next page or, later, as `changedSince` for what changed since.',
          resolve: (connection) => (connection as { resumeCursor: string }).resumeCursor,
        }),
      }),
    },
    { name: 'RecordEdge' },
  ),
);
