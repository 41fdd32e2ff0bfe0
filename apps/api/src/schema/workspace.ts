import {
  type ApiKeyRow,
  type AuditEventRow,
  createApiKey,
  listApiKeys,
  listAuditEvents,
  revokeApiKey,
} from '@tributary/db';
import { builder } from '../builder.ts';
import { NotFoundError, ValidationError } from '../errors/app-error.ts';
import {
  decodeCursor,
  isTimeIdCursor,
  pageSize,
  timeIdCursor,
  toConnection,
} from '../pagination/keyset.ts';
import { globalId, parseId } from './ids.ts';
import { ApiKeyRef, WorkspaceRef } from './refs.ts';
import { assertStorableText } from './storable-text.ts';

export const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  description: 'READ keys run queries and subscriptions; FULL keys may also run mutations.',
  values: ['READ', 'FULL'] as const,
});

const AuditEventRef = builder.objectRef<AuditEventRow>('AuditEvent');
AuditEventRef.implement({
  description:
    'One mutation run in the workspace: who ran it, what it named and touched, how it ended. Argument values are never recorded.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => globalId('AuditEvent', e.id) }),
    apiKeyId: t.id({
      nullable: true,
      description: 'The key that ran it (the dashboard runs with a key too).',
      resolve: (e) => (e.apiKeyId ? globalId('ApiKey', e.apiKeyId) : null),
    }),
    actor: t.exposeString('actor', { description: 'The key’s name at the time.' }),
    action: t.exposeString('action', { description: 'The mutation, e.g. `startSync`.' }),
    targetIds: t.exposeStringList('targetIds', {
      description: 'Ids the mutation was given and the ids of what it created or changed.',
    }),
    outcome: t.exposeString('outcome', {
      description: 'SUCCESS, or the error type it answered (e.g. NotFoundError).',
    }),
    at: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

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
    auditLog: t.connection(
      {
        type: AuditEventRef,
        description: 'Mutations run in the workspace, newest first.',
        resolve: async (w, args, ctx) => {
          const size = pageSize(args, { max: 100 });
          const after = decodeCursor(args.after, isTimeIdCursor);
          const rows = await listAuditEvents(ctx.services.pool, w.id, {
            limit: size + 1,
            before: after ? { at: new Date(after[0]), id: after[1] } : null,
          });
          return toConnection(rows, size, timeIdCursor, after !== null);
        },
      },
      { name: 'AuditEventConnection' },
      { name: 'AuditEventEdge' },
    ),
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
    scope: t.field({ type: ApiKeyScopeEnum, resolve: (k) => k.scope }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'After this the key authenticates nothing and its sockets are closed.',
    }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Last request made with the key, to the minute.',
    }),
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
    args: {
      name: t.arg.string({ required: true }),
      scope: t.arg({
        type: ApiKeyScopeEnum,
        defaultValue: 'FULL',
        description: 'READ for dashboards and readers that must not change anything.',
      }),
      expiresAt: t.arg({ type: 'DateTime', description: 'Omitted: the key never expires.' }),
    },
    resolve: async (_root, args, ctx) => {
      const name = assertStorableText('name', args.name).trim();
      if (name.length === 0 || name.length > 100) {
        throw new ValidationError('name', 'name must be 1 to 100 characters');
      }
      if (args.expiresAt && args.expiresAt.getTime() <= Date.now()) {
        throw new ValidationError('expiresAt', 'expiresAt must be in the future');
      }
      return createApiKey(ctx.services.pool, {
        workspaceId: ctx.workspaceId,
        name,
        scope: args.scope ?? 'FULL',
        expiresAt: args.expiresAt ?? null,
      });
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
