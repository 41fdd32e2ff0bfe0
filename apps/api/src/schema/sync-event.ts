import { SyncEventKindEnum } from './enums.ts';
import { globalId } from './ids.ts';
import { SyncEventRef } from './refs.ts';

SyncEventRef.implement({
  description: 'An entry of a job’s activity log.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => String(e.id) }),
    kind: t.field({ type: SyncEventKindEnum, resolve: (e) => e.kind as never }),
    message: t.exposeString('message', { nullable: true }),
    chunkId: t.id({
      nullable: true,
      resolve: (e) => (e.chunkId ? globalId('SyncChunk', e.chunkId) : null),
    }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});
