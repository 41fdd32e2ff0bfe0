import type { Client } from 'graphql-ws';
import { type Api, graphql } from './api.ts';

export type SyncMode = 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC';

// #region start-sync
/**
 * Starts a sync and returns its job id. When the connection is already syncing, the typed
 * SyncAlreadyRunningError carries the running job: follow that one instead of failing.
 */
export async function startSync(api: Api, connectionId: string, mode: SyncMode): Promise<string> {
  const { startSync: result } = await graphql<{
    startSync: { __typename: string; job?: { id: string }; code?: string; message?: string };
  }>(
    api,
    `mutation ($input: StartSyncInput!) {
      startSync(input: $input) {
        __typename
        ... on StartSyncSuccess { job { id } }
        ... on SyncAlreadyRunningError { job { id } }
        ... on Error { code message }
      }
    }`,
    { input: { connectionId, mode } },
  );
  if (result.job) return result.job.id;
  throw new Error(`startSync: ${result.code}: ${result.message}`);
}
// #endregion start-sync

export type ProgressEvent = {
  kind: string;
  message: string | null;
  job: {
    id: string;
    phase: string;
    status: string;
    error: string | null;
    progress: { percent: number; itemsProcessed: number; etaSeconds: number | null };
  };
};

// #region follow-sync
/**
 * Follows a job over the `syncProgress` subscription: the first event is its current state,
 * and with `followPhases` the subscription goes on through the phases that follow (an
 * INITIAL sync's HISTORICAL after RECENT) and completes after the last one's final event.
 * Resolves with that final event.
 */
export function followSync(
  ws: Client,
  jobId: string,
  onEvent: (event: ProgressEvent) => void = () => {},
): Promise<ProgressEvent> {
  return new Promise((resolve, reject) => {
    let last: ProgressEvent | undefined;
    ws.subscribe<{ syncProgress: ProgressEvent }>(
      {
        query: `subscription ($jobId: ID!) {
          syncProgress(jobId: $jobId, followPhases: true) {
            kind message
            job { id phase status error progress { percent itemsProcessed etaSeconds } }
          }
        }`,
        variables: { jobId },
      },
      {
        next: ({ data, errors }) => {
          if (errors) return reject(new Error(errors.map((e) => e.message).join('; ')));
          last = data!.syncProgress;
          onEvent(last);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(String(error))),
        complete: () =>
          last ? resolve(last) : reject(new Error('syncProgress completed without an event')),
      },
    );
  });
}
// #endregion follow-sync
