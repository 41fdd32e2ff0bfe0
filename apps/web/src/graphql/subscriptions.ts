import { JOB_FIELDS } from './fragments.ts';

export const SYNC_ACTIVITY_SUBSCRIPTION = /* GraphQL */ `
  subscription SyncActivity {
    syncActivity { kind message at job { ${JOB_FIELDS} } }
  }
`;

export const SYNC_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription SyncProgress($jobId: ID!) {
    syncProgress(jobId: $jobId) { kind message at chunkId job { ${JOB_FIELDS} } }
  }
`;
