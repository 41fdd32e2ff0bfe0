import { contentHash, type ProviderId, recordsDigest } from '@tributary/core';
import type { GraphqlClient } from './graphql-client.ts';

/** Every stream each provider syncs (what `/__sandbox/truth` can be asked about). */
export const STREAMS: Record<ProviderId, string[]> = {
  FACEBOOK_ADS: ['campaigns', 'adsets', 'ads', 'ad_insights_daily'],
  FACEBOOK_PAGES: ['conversations', 'messages', 'interaction_events'],
  MICROSOFT_MAIL: ['mail_folders', 'messages'],
};

export const TERMINAL = ['SUCCEEDED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED'];

const EVENT_FIELDS = `kind message at job {
  id phase status error
  progress { percent itemsProcessed inserted updated unchanged deleted skipped }
}`;

export const SYNC_PROGRESS = `subscription($jobId: ID!) { syncProgress(jobId: $jobId) { ${EVENT_FIELDS} } }`;
export const SYNC_ACTIVITY = `subscription { syncActivity { ${EVENT_FIELDS} } }`;

export type ProgressEvent = {
  kind: string;
  message: string | null;
  at: string;
  job: {
    id: string;
    phase: string;
    status: string;
    error: string | null;
    progress: {
      percent: number;
      itemsProcessed: number;
      inserted: number;
      updated: number;
      unchanged: number;
      deleted: number;
      skipped: number;
    };
  };
};

export async function createSandboxConnection(
  client: GraphqlClient,
  provider: ProviderId,
  externalAccountId: string,
): Promise<string> {
  const data = await client.request(
    `mutation($input: CreateConnectionInput!) { createConnection(input: $input) {
       __typename ... on CreateConnectionSuccess { connection { id } } ... on Error { message } } }`,
    // These tests are about syncs, not connecting: skip the provider check.
    {
      input: {
        provider,
        externalAccountId,
        accessToken: 'sandbox-token',
        sandbox: true,
        verify: false,
      },
    },
  );
  if (data.createConnection.__typename !== 'CreateConnectionSuccess') {
    throw new Error(`createConnection: ${JSON.stringify(data.createConnection)}`);
  }
  return data.createConnection.connection.id;
}

export const START_SYNC = `mutation($input: StartSyncInput!) { startSync(input: $input) {
  __typename
  ... on StartSyncSuccess { job { id phase status nextPhase { id phase status } } }
  ... on SyncAlreadyRunningError { message job { id } }
  ... on Error { message } } }`;

/** Starts an INITIAL sync; returns the RECENT job and the HISTORICAL job that follows it. */
export async function startInitialSync(
  client: GraphqlClient,
  connectionId: string,
): Promise<{ recentId: string; historicalId: string }> {
  const data = await client.request(START_SYNC, { input: { connectionId, mode: 'INITIAL' } });
  const result = data.startSync;
  if (result.__typename !== 'StartSyncSuccess' || !result.job.nextPhase) {
    throw new Error(`startSync: ${JSON.stringify(result)}`);
  }
  return { recentId: result.job.id, historicalId: result.job.nextPhase.id };
}

type RecordsPage = {
  records: {
    edges: { node: { externalId: string; data: unknown } }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
};

/** Pages through a stream with `records(first: 500, after)`, digesting it like the sandbox truth. */
export async function readStream(
  client: GraphqlClient,
  connectionId: string,
  stream: string,
): Promise<{ count: number; digest: string; pages: number }> {
  const seen = new Map<string, string>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const data: RecordsPage = await client.request<RecordsPage>(
      `query($c: ID!, $s: String!, $after: String) {
         records(connectionId: $c, stream: $s, first: 500, after: $after) {
           edges { node { externalId data } } pageInfo { endCursor hasNextPage } } }`,
      { c: connectionId, s: stream, after },
    );
    pages++;
    for (const { node } of data.records.edges) {
      if (seen.has(node.externalId)) throw new Error(`${stream}: ${node.externalId} came twice`);
      seen.set(node.externalId, contentHash(node.data));
    }
    if (!data.records.pageInfo.hasNextPage) break;
    after = data.records.pageInfo.endCursor;
  }
  const digest = recordsDigest(
    [...seen].map(([externalId, hash]) => ({ externalId, contentHash: hash })),
  );
  return { count: seen.size, digest, pages };
}

/** Whether the recorded events include one showing `jobId` in a terminal status. */
export function jobEnded(events: ProgressEvent[], jobId: string): boolean {
  return events.some((e) => e.job.id === jobId && TERMINAL.includes(e.job.status));
}
