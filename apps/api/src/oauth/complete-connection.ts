import { type ConnectionCredentials, sealCredentials, startSync } from '@tributary/db';
import type { ApiServices } from '../context.ts';
import { insertConnection, updateConnection } from '../data/connections.ts';
import { CONNECTION_COLUMNS, type ConnectionRow } from '../data/rows.ts';
import { SCHEDULE_MINUTES, validateDisplayName } from '../schema/connection-input.ts';
import type { OAuthStateRow } from './oauth-states.ts';

/** What a finished flow connects: an OAuth state's account, or one picked after signing in. */
export type ConnectTarget = Pick<
  OAuthStateRow,
  'workspaceId' | 'provider' | 'displayName' | 'sandbox'
> & {
  externalAccountId: string;
};

export type CompletedConnection = {
  connection: ConnectionRow;
  /** True when the flow created the connection; false when it re-authorised an existing one. */
  created: boolean;
  /** The INITIAL sync started for a new connection (null for re-auth, or if it could not start). */
  jobId: string | null;
};

async function findConnection(
  services: ApiServices,
  state: ConnectTarget,
): Promise<ConnectionRow | null> {
  const { rows } = await services.pool.query<ConnectionRow>(
    `SELECT ${CONNECTION_COLUMNS} FROM connections
      WHERE workspace_id = $1 AND provider = $2 AND external_account_id = $3 AND deleted_at IS NULL`,
    [state.workspaceId, state.provider, state.externalAccountId],
  );
  return rows[0] ?? null;
}

/** The same change `updateConnection` makes for a new token: NEEDS_REAUTH becomes ACTIVE. */
async function reauthorise(
  services: ApiServices,
  existing: ConnectionRow,
  credentials: Buffer,
): Promise<ConnectionRow | null> {
  return updateConnection(services.pool, existing.workspaceId, existing.id, {
    credentials,
    ...(existing.status === 'NEEDS_REAUTH' ? { status: 'ACTIVE', statusMessage: null } : {}),
  });
}

/**
 * Stores the tokens an authorization code was exchanged for: a new connection (encrypted
 * credentials, as createConnection stores them) whose INITIAL sync starts at once, or, when
 * the workspace already connected that account, new credentials for it (re-auth).
 */
export async function completeConnection(
  services: ApiServices,
  state: ConnectTarget,
  tokens: ConnectionCredentials,
): Promise<CompletedConnection> {
  const credentials = sealCredentials(services.secretKey, tokens);
  const existing = await findConnection(services, state);
  if (existing) {
    const connection = await reauthorise(services, existing, credentials);
    if (connection) return { connection, created: false, jobId: null };
  }
  const inserted = await insertConnection(services.pool, {
    workspaceId: state.workspaceId,
    provider: state.provider,
    externalAccountId: state.externalAccountId,
    displayName: validateDisplayName(state.displayName, state.externalAccountId),
    credentials,
    sandbox: state.sandbox,
    scheduleMinutes: SCHEDULE_MINUTES.default,
  });
  if (!inserted) {
    // Another flow for the same account finished first: treat this one as its re-auth.
    const raced = await findConnection(services, state);
    const connection = raced ? await reauthorise(services, raced, credentials) : null;
    if (!connection)
      throw new Error(`${state.provider} ${state.externalAccountId} is being deleted`);
    return { connection, created: false, jobId: null };
  }
  let jobId: string | null = null;
  try {
    const { job } = await startSync(services.sync, {
      workspaceId: state.workspaceId,
      connectionId: inserted.id,
      mode: 'INITIAL',
    });
    jobId = job.id;
  } catch (error) {
    // The connection exists either way; its card offers Sync now.
    services.logger.warn({ err: error, connectionId: inserted.id }, 'initial sync did not start');
  }
  return { connection: inserted, created: true, jobId };
}
