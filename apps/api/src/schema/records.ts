import { PROVIDER_STREAMS } from '@tributary/core';
import { builder } from '../builder.ts';
import { isRecordCursor, listRecords, type RecordCursor } from '../data/records.ts';
import { echo, ValidationError } from '../errors/app-error.ts';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../pagination/keyset.ts';
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
      description:
        'Records of one stream in change order. Paging with `after` while a sync writes never misses a record: a record changed after you read it comes again later in the order.',
      args: {
        connectionId: t.arg.id({ required: true }),
        stream: t.arg.string({ required: true }),
        modifiedAfter: t.arg({ type: 'DateTime' }),
        includeDeleted: t.arg.boolean(),
      },
      resolve: async (_root, args, ctx) => {
        const size = pageSize(args, { defaultSize: 100, max: MAX_RECORDS_PAGE });
        const after = decodeCursor(args.after, isRecordCursor);
        const connection = await requireConnection(ctx, String(args.connectionId));
        const streams = PROVIDER_STREAMS[connection.provider];
        if (!streams.includes(args.stream)) {
          throw new ValidationError(
            'stream',
            `Unknown stream "${echo(args.stream)}" for ${connection.provider}; known: ${streams.join(', ')}`,
          );
        }
        const { rows, snapshot } = await listRecords(
          ctx.services.pool,
          {
            connectionId: connection.id,
            stream: args.stream,
            modifiedAfter: args.modifiedAfter ?? null,
            includeDeleted: args.includeDeleted ?? false,
          },
          { after, limit: size + 1 },
        );
        const cursorOf = (r: { seq: number }) =>
          // A late-committed row can sit below the seq already passed; never step the cursor back.
          encodeCursor({
            s: Math.max(r.seq, after?.s ?? 0),
            x: snapshot.xmax,
            p: snapshot.xip,
          } satisfies RecordCursor);
        return toConnection(rows, size, cursorOf, after !== null);
      },
    },
    { name: 'RecordConnection' },
    { name: 'RecordEdge' },
  ),
);
