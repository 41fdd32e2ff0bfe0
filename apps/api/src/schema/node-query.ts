import { brandWithType } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { parseId } from './ids.ts';

// Node types reachable by id, each through the caller's workspace-scoped loaders. SyncChunk is
// reached through its job only.
const LOADERS: Record<string, (ctx: ApiContext, id: string) => Promise<object | null>> = {
  Connection: (ctx, id) => ctx.loaders.connection.load(id),
  SyncJob: (ctx, id) => ctx.loaders.job.load(id),
};

function typenameOf(raw: string): string | null {
  try {
    return decodeGlobalID(raw).typename;
  } catch {
    return null;
  }
}

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description:
      'The object with this global id in the caller’s workspace; null for any other id, malformed ones included.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const raw = String(args.id);
      const typename = typenameOf(raw);
      const load = typename ? LOADERS[typename] : undefined;
      const id = typename && load ? parseId(typename, raw) : null;
      if (!typename || !load || !id) return null;
      const value = await load(ctx, id);
      // The Node interface resolves a loaded row to its type by this brand (a type name works too).
      if (value) brandWithType(value, typename as never);
      return value;
    },
  }),
);
