import { type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey } from '@tributary/db';
import { builder } from '../builder.ts';
import { NotFoundError, ValidationError } from '../errors/app-error.ts';
import { globalId, parseId } from './ids.ts';
import { ApiKeyRef, WorkspaceRef } from './refs.ts';

WorkspaceRef.implement({
  description: 'The caller’s workspace: every query and mutation is scoped to it.',
  fields: (t) => ({
    id: t.id({ resolve: (w) => globalId('Workspace', w.id) }),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    apiKeys: t.field({
      type: [ApiKeyRef],
      description: 'Every key of the workspace, revoked ones included (newest last).',
      resolve: (w, _args, ctx) => listApiKeys(ctx.services.pool, w.id),
    }),
  }),
});

ApiKeyRef.implement({
  description: 'An API key. Only its SHA-256 is stored; the key itself is shown once, at creation.',
  fields: (t) => ({
    id: t.id({ resolve: (k) => globalId('ApiKey', k.id) }),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', {
      description: 'The first characters of the key, to tell keys apart.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: WorkspaceRef,
    resolve: async (_root, _args, ctx) => {
      const { rows } = await ctx.services.pool.query<{ id: string; name: string; createdAt: Date }>(
        'SELECT id, name, created_at AS "createdAt" FROM workspaces WHERE id = $1',
        [ctx.workspaceId],
      );
      return rows[0]!;
    },
  }),
);

const CreateApiKeySuccess = builder.objectRef<{ apiKey: ApiKeyRow; key: string }>(
  'CreateApiKeySuccess',
);
CreateApiKeySuccess.implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (r) => r.apiKey }),
    key: t.exposeString('key', {
      description: 'The key itself; store it now, it cannot be shown again.',
    }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeySuccess,
    errors: { union: { name: 'CreateApiKeyResult' }, types: [ValidationError] },
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const name = args.name.trim();
      if (name.length === 0 || name.length > 100) {
        throw new ValidationError('name', 'name must be 1 to 100 characters');
      }
      return createApiKey(ctx.services.pool, { workspaceId: ctx.workspaceId, name });
    },
  }),
);

const RevokeApiKeySuccess = builder.objectRef<{ apiKey: ApiKeyRow }>('RevokeApiKeySuccess');
RevokeApiKeySuccess.implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (r) => r.apiKey }) }),
});

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: RevokeApiKeySuccess,
    description: 'Revokes a key at once: its requests fail and its open WebSockets are closed.',
    errors: { union: { name: 'RevokeApiKeyResult' }, types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = parseId('ApiKey', String(args.id));
      const apiKey = id
        ? await revokeApiKey(ctx.services.pool, { workspaceId: ctx.workspaceId, id })
        : null;
      if (!apiKey) throw new NotFoundError('API key', String(args.id));
      return { apiKey };
    },
  }),
);
