import { markConnectionDeleted, sealCredentials } from '@tributary/db';
import { verifyAccount } from '../accounts/verify-account.ts';
import { builder } from '../builder.ts';
import type { AvailabilityRow } from '../data/availability.ts';
import {
  countConnections,
  findConnectionByAccount,
  insertConnection,
  listConnections,
  updateConnection,
} from '../data/connections.ts';
import type { ConnectionRow } from '../data/rows.ts';
import {
  AlreadyConnectedError,
  InvalidStateError,
  NotFoundError,
  ValidationError,
} from '../errors/app-error.ts';
import {
  decodeCursor,
  isTimeIdCursor,
  pageSize,
  timeIdCursor,
  toConnection,
} from '../pagination/keyset.ts';
import {
  SCHEDULE_MINUTES,
  SCHEDULE_OFF,
  validateAccountId,
  validateDisplayName,
  validateSchedule,
  validateToken,
} from './connection-input.ts';
import { validateSettings } from './connection-settings-input.ts';
import { ConnectionStatusEnum, ProviderEnum } from './enums.ts';
import { globalId, parseId } from './ids.ts';
import { ConnectionRef, SyncJobRef } from './refs.ts';

const AvailabilityStateEnum = builder.enumType('AvailabilityState', {
  description: 'Whether the provider account takes requests now.',
  values: {
    AVAILABLE: { description: 'Requests go out as the rate budget allows.' },
    RATE_LIMITED: { description: 'The account’s rate budget is used up until `retryAt`.' },
    UNAVAILABLE: {
      description:
        'The provider kept failing; the connection’s chunks wait together until `retryAt`, when one request probes it.',
    },
    PROBING: { description: 'One probe request is deciding whether the outage is over.' },
  } as const,
});

const AvailabilityRef = builder.objectRef<AvailabilityRow>('ConnectionAvailability').implement({
  description: 'The provider account’s availability: rate limit or outage, and when it resumes.',
  fields: (t) => ({
    state: t.field({ type: AvailabilityStateEnum, resolve: (a) => a.state }),
    retryAt: t.expose('retryAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When requests resume (or the probe’s answer is due).',
    }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.node(ConnectionRef, {
  description:
    'A connected provider account. Its credentials are stored encrypted and never returned.',
  id: { resolve: (c) => c.id },
  loadOne: (id, ctx) => ctx.loaders.connection.load(id),
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (c) => c.provider }),
    externalAccountId: t.exposeString('externalAccountId'),
    displayName: t.exposeString('displayName'),
    status: t.field({ type: ConnectionStatusEnum, resolve: (c) => c.status }),
    statusMessage: t.exposeString('statusMessage', { nullable: true }),
    sandbox: t.exposeBoolean('sandbox', { description: 'Talks to the local provider sandbox.' }),
    accountCreatedAt: t.expose('accountCreatedAt', { type: 'DateTime', nullable: true }),
    scheduleMinutes: t.exposeInt('scheduleMinutes', {
      description: `Minutes between scheduled syncs; ${SCHEDULE_OFF}: scheduled syncs are off (nextSyncAt is null).`,
    }),
    lastSyncAt: t.expose('lastSyncAt', { type: 'DateTime', nullable: true }),
    nextSyncAt: t.expose('nextSyncAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    recentCompletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last 90 days were last fully synced (RECENT phase done).',
      resolve: async (c, _args, ctx) =>
        (await ctx.loaders.phaseCompletion.load(c.id))?.get('RECENT') ?? null,
    }),
    historicalCompletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the history before the last 90 days was last fully backfilled.',
      resolve: async (c, _args, ctx) =>
        (await ctx.loaders.phaseCompletion.load(c.id))?.get('HISTORICAL') ?? null,
    }),
    recentComplete: t.boolean({
      resolve: async (c, _args, ctx) =>
        (await ctx.loaders.phaseCompletion.load(c.id))?.has('RECENT') ?? false,
    }),
    historicalComplete: t.boolean({
      resolve: async (c, _args, ctx) =>
        (await ctx.loaders.phaseCompletion.load(c.id))?.has('HISTORICAL') ?? false,
    }),
    availability: t.field({
      type: AvailabilityRef,
      resolve: async (c, _args, ctx) =>
        (await ctx.loaders.availability.load(c.id)) ?? {
          state: 'AVAILABLE' as const,
          retryAt: null,
          reason: null,
        },
    }),
    activeJob: t.field({
      type: SyncJobRef,
      nullable: true,
      description: 'The sync in progress (PENDING, RUNNING or CANCELLING), if any.',
      resolve: (c, _args, ctx) => ctx.loaders.activeJob.load(c.id),
    }),
  }),
});

builder.queryField('connections', (t) =>
  t.connection(
    {
      type: ConnectionRef,
      description: 'Oldest first; pages of up to 100 (default 20).',
      resolve: async (_root, args, ctx) => {
        const size = pageSize(args, { max: 100 });
        const after = decodeCursor(args.after, isTimeIdCursor);
        const rows = await listConnections(ctx.services.pool, ctx.workspaceId, {
          after,
          limit: size + 1,
        });
        for (const row of rows) ctx.loaders.connection.prime(row.id, row);
        return {
          ...toConnection(rows, size, timeIdCursor, after !== null),
          totalCount: () => countConnections(ctx.services.pool, ctx.workspaceId),
        };
      },
    },
    {
      name: 'ConnectionConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'Connections of the workspace, on every page.',
          resolve: (connection) =>
            (connection as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
    { name: 'ConnectionEdge' },
  ),
);

/** Loads a connection of the caller's workspace by ID argument, or throws NOT_FOUND. */
export async function requireConnection(
  ctx: { loaders: { connection: { load(id: string): Promise<ConnectionRow | null> } } },
  rawId: string,
): Promise<ConnectionRow> {
  const id = parseId('Connection', rawId);
  const connection = id ? await ctx.loaders.connection.load(id) : null;
  if (!connection) throw new NotFoundError('connection', rawId);
  return connection;
}

const CreateConnectionInput = builder.inputType('CreateConnectionInput', {
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, required: true }),
    externalAccountId: t.string({ required: true }),
    displayName: t.string(),
    accessToken: t.string({ required: true }),
    refreshToken: t.string(),
    tokenExpiresAt: t.field({ type: 'DateTime' }),
    sandbox: t.boolean({
      description: 'Sync from the local provider sandbox instead of the real API.',
    }),
    scheduleMinutes: t.int({
      description: `Minutes between scheduled syncs (${SCHEDULE_MINUTES.min}–${SCHEDULE_MINUTES.max}), or ${SCHEDULE_OFF} for no scheduled syncs.`,
    }),
    verify: t.boolean({
      defaultValue: true,
      description:
        'Ask the provider first whether the account exists and the token can read it, and create nothing if not (NotFoundError for an account the token cannot see, ValidationError on `accessToken` for a refused token, PROVIDER_UNAVAILABLE when the provider cannot be asked). Defaults to true; `false`: skip the provider check; the first sync reports a bad token or account.',
    }),
  }),
});

const ConnectionPayload = builder.objectRef<{ connection: ConnectionRow }>('ConnectionPayload');
ConnectionPayload.implement({
  fields: (t) => ({ connection: t.field({ type: ConnectionRef, resolve: (r) => r.connection }) }),
});
const CreateConnectionSuccess = builder.objectRef<{ connection: ConnectionRow }>(
  'CreateConnectionSuccess',
);
CreateConnectionSuccess.implement({
  fields: (t) => ({ connection: t.field({ type: ConnectionRef, resolve: (r) => r.connection }) }),
});

builder.mutationField('createConnection', (t) =>
  t.field({
    type: CreateConnectionSuccess,
    description:
      'Connects a provider account with a pasted token. The provider is asked first and nothing is created for an account the token cannot read (`verify: false` skips that check; the first sync then reports a bad token or account). To connect without typing an id, use beginOAuthConnection without an account, then connectSignedInAccount.',
    errors: {
      union: { name: 'CreateConnectionResult' },
      types: [ValidationError, AlreadyConnectedError, NotFoundError],
    },
    args: { input: t.arg({ type: CreateConnectionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const externalAccountId = validateAccountId(input.provider, input.externalAccountId);
      const displayName = validateDisplayName(input.displayName, externalAccountId);
      const accessToken = validateToken('accessToken', input.accessToken);
      const refreshToken =
        input.refreshToken == null ? undefined : validateToken('refreshToken', input.refreshToken);
      const scheduleMinutes = validateSchedule(input.scheduleMinutes ?? SCHEDULE_MINUTES.default);
      const tokens = {
        accessToken,
        ...(refreshToken ? { refreshToken } : {}),
        ...(input.tokenExpiresAt ? { expiresAt: input.tokenExpiresAt.toISOString() } : {}),
      };
      // An omitted `verify` is true (the input default); only an explicit false skips the check.
      if (input.verify !== false) {
        const existing = await findConnectionByAccount(
          ctx.services.pool,
          ctx.workspaceId,
          input.provider,
          externalAccountId,
        );
        if (existing) throw alreadyConnected(input.provider, externalAccountId, existing.id);
        await verifyAccount(ctx.services, {
          provider: input.provider,
          externalAccountId,
          sandbox: input.sandbox ?? false,
          credentials: tokens,
        });
      }
      const credentials = sealCredentials(ctx.services.secretKey, tokens);
      const connection = await insertConnection(ctx.services.pool, {
        workspaceId: ctx.workspaceId,
        provider: input.provider,
        externalAccountId,
        displayName,
        credentials,
        sandbox: input.sandbox ?? false,
        scheduleMinutes,
      });
      if (!connection) {
        const existing = await findConnectionByAccount(
          ctx.services.pool,
          ctx.workspaceId,
          input.provider,
          externalAccountId,
        );
        throw alreadyConnected(input.provider, externalAccountId, existing?.id ?? null);
      }
      return { connection };
    },
  }),
);

function alreadyConnected(
  provider: string,
  externalAccountId: string,
  existingId: string | null,
): AlreadyConnectedError {
  return new AlreadyConnectedError(
    existingId ?? '',
    `${provider} account ${externalAccountId} is already connected${existingId ? ` (connection ${globalId('Connection', existingId)})` : ''}`,
  );
}

const UpdateConnectionInput = builder.inputType('UpdateConnectionInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    displayName: t.string(),
    scheduleMinutes: t.int({
      description: `Minutes between scheduled syncs (${SCHEDULE_MINUTES.min}–${SCHEDULE_MINUTES.max}), or ${SCHEDULE_OFF} to turn scheduled syncs off (manual syncs still run).`,
    }),
    settings: t.field({ type: 'JSON', description: 'Provider-specific settings (a JSON object).' }),
    accessToken: t.string({
      description: 'A new token, e.g. after re-authorising; reactivates NEEDS_REAUTH.',
    }),
    refreshToken: t.string(),
  }),
});

builder.mutationField('updateConnection', (t) =>
  t.field({
    type: ConnectionPayload,
    errors: { union: { name: 'UpdateConnectionResult' }, types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateConnectionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const current = await requireConnection(ctx, String(input.id));
      const settings =
        input.settings == null ? undefined : validateSettings(current.provider, input.settings);
      const accessToken =
        input.accessToken == null ? undefined : validateToken('accessToken', input.accessToken);
      const refreshToken =
        input.refreshToken == null ? undefined : validateToken('refreshToken', input.refreshToken);
      const connection = await updateConnection(ctx.services.pool, ctx.workspaceId, current.id, {
        ...(input.displayName != null
          ? { displayName: validateDisplayName(input.displayName, current.displayName) }
          : {}),
        ...(input.scheduleMinutes != null
          ? { scheduleMinutes: validateSchedule(input.scheduleMinutes) }
          : {}),
        ...(settings ? { settings } : {}),
        ...(accessToken
          ? {
              credentials: sealCredentials(ctx.services.secretKey, {
                accessToken,
                ...(refreshToken ? { refreshToken } : {}),
              }),
              ...(current.status === 'NEEDS_REAUTH'
                ? { status: 'ACTIVE' as const, statusMessage: null }
                : {}),
            }
          : {}),
      });
      if (!connection) throw new NotFoundError('connection', String(input.id));
      return { connection };
    },
  }),
);

for (const [name, status, description] of [
  ['disableConnection', 'DISABLED', 'Stops scheduled syncs and rejects new ones; data stays.'],
  ['enableConnection', 'ACTIVE', 'Re-enables a disabled connection.'],
] as const) {
  builder.mutationField(name, (t) =>
    t.field({
      type: ConnectionPayload,
      description,
      errors: {
        union: { name: `${name[0]!.toUpperCase()}${name.slice(1)}Result` },
        types: [NotFoundError, InvalidStateError],
      },
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const current = await requireConnection(ctx, String(args.id));
        if (status === 'ACTIVE' && current.status === 'NEEDS_REAUTH') {
          throw new InvalidStateError(
            'This connection needs a new access token (updateConnection)',
          );
        }
        const connection = await updateConnection(ctx.services.pool, ctx.workspaceId, current.id, {
          status,
          statusMessage: status === 'DISABLED' ? 'Disabled by a user' : null,
        });
        if (!connection) throw new NotFoundError('connection', String(args.id));
        return { connection };
      },
    }),
  );
}

const DeleteConnectionSuccess = builder.objectRef<{ id: string }>('DeleteConnectionSuccess');
DeleteConnectionSuccess.implement({ fields: (t) => ({ deletedConnectionId: t.exposeID('id') }) });

builder.mutationField('deleteConnection', (t) =>
  t.field({
    type: DeleteConnectionSuccess,
    description:
      'Deletes the connection at once: it disappears from every query, its syncs are cancelled, and the account can be connected again. Its records are removed by the worker in the background, in batches.',
    errors: { union: { name: 'DeleteConnectionResult' }, types: [NotFoundError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const current = await requireConnection(ctx, String(args.id));
      if (!(await markConnectionDeleted(ctx.services.sync, ctx.workspaceId, current.id))) {
        throw new NotFoundError('connection', String(args.id));
      }
      return { id: globalId('Connection', current.id) };
    },
  }),
);
