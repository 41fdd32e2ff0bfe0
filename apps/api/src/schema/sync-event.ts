import type { SyncEventRow } from '../data/rows.ts';
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
    resumesAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'A wait (rate limit, retry): when the chunk may run again.',
      resolve: (e) => resumesAt(e),
    }),
  }),
});

/** Waits are recorded with their length (`data.waitMs`, `data.delayMs`); the end is what people plan by. */
function resumesAt(event: SyncEventRow): Date | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const wait =
    typeof data.waitMs === 'number'
      ? data.waitMs
      : typeof data.delayMs === 'number'
        ? data.delayMs
        : null;
  return wait === null ? null : new Date(event.at.getTime() + wait);
}
