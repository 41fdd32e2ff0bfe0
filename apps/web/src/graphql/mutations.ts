import { CONNECTION_FIELDS, JOB_FIELDS } from './fragments.ts';

// Every mutation returns a union of its success type and typed errors; `... on Error`
// gives the message for any of them, `__typename` says which.

export const CREATE_CONNECTION_MUTATION = /* GraphQL */ `
  mutation CreateConnection($input: CreateConnectionInput!) {
    createConnection(input: $input) {
      __typename
      ... on Error { message }
      ... on CreateConnectionSuccess { connection { ${CONNECTION_FIELDS} } }
    }
  }
`;

export const BEGIN_OAUTH_CONNECTION_MUTATION = /* GraphQL */ `
  mutation BeginOAuthConnection($input: BeginOAuthConnectionInput!) {
    beginOAuthConnection(input: $input) {
      __typename
      ... on Error { message }
      ... on BeginOAuthConnectionSuccess { authorizeUrl }
    }
  }
`;

export const START_SYNC_MUTATION = /* GraphQL */ `
  mutation StartSync($input: StartSyncInput!) {
    startSync(input: $input) {
      __typename
      ... on Error { message }
      ... on StartSyncSuccess { job { ${JOB_FIELDS} } }
    }
  }
`;

export const SYNC_ALL_MUTATION = /* GraphQL */ `
  mutation SyncAll($input: SyncAllInput!) {
    syncAll(input: $input) {
      __typename
      ... on Error { message }
      ... on SyncAllSuccess { jobs { ${JOB_FIELDS} } }
    }
  }
`;

const jobMutation = (name: string) => /* GraphQL */ `
  mutation ${name[0]!.toUpperCase()}${name.slice(1)}($jobId: ID!) {
    ${name}(jobId: $jobId) {
      __typename
      ... on Error { message }
      ... on SyncJobSuccess { job { ${JOB_FIELDS} } }
    }
  }
`;

export const CANCEL_SYNC_MUTATION = jobMutation('cancelSync');
export const RESUME_SYNC_MUTATION = jobMutation('resumeSync');
export const RETRY_FAILED_CHUNKS_MUTATION = jobMutation('retryFailedChunks');

export const UPDATE_CONNECTION_MUTATION = /* GraphQL */ `
  mutation UpdateConnection($input: UpdateConnectionInput!) {
    updateConnection(input: $input) {
      __typename
      ... on Error { message }
      ... on ConnectionPayload { connection { ${CONNECTION_FIELDS} } }
    }
  }
`;
