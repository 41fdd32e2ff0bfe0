import type { BrowserSuite } from './browser-suite.ts';

/** Connections and syncs made over the API, for tests whose subject is not the connect flow. */
export function apiActions(api: BrowserSuite['api']) {
  return {
    /** A sandbox connection; returns its id. */
    async createConnection(provider: string, accountId: string, displayName: string) {
      const data = await api<{ createConnection: { connection: { id: string } } }>(
        `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
           ... on CreateConnectionSuccess { connection { id } } } }`,
        {
          input: {
            provider,
            externalAccountId: accountId,
            displayName,
            accessToken: 'sandbox-token',
            sandbox: true,
            // Not the connect flow under test (its dialog verifies): skip the provider check.
            verify: false,
          },
        },
      );
      return data.createConnection.connection.id;
    },

    /** Starts a connection's INITIAL sync; returns the job id. */
    async startInitial(connectionId: string): Promise<string> {
      const data = await api<{ startSync: { job: { id: string } } }>(
        `mutation($c: ID!) { startSync(input: {connectionId: $c, mode: INITIAL}) {
           ... on StartSyncSuccess { job { id } } } }`,
        { c: connectionId },
      );
      return data.startSync.job.id;
    },
  };
}
