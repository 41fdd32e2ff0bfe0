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

export const CONNECT_SIGNED_IN_ACCOUNT_MUTATION = /* GraphQL */ `
  mutation ConnectSignedInAccount($input: ConnectSignedInAccountInput!) {
    connectSignedInAccount(input: $input) {
      __typename
      ... on Error { message }
      ... on ConnectSignedInAccountSuccess {
        reauthorized
        connection { ${CONNECTION_FIELDS} }
        job { ${JOB_FIELDS} }
      }
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

const connectionPayload = (name: string, mutation: string) => /* GraphQL */ `
  mutation ${name}($id: ID!) {
    ${mutation}(id: $id) {
      __typename
      ... on Error { message }
      ... on ConnectionPayload { connection { ${CONNECTION_FIELDS} } }
    }
  }
`;

export const DISABLE_CONNECTION_MUTATION = connectionPayload(
  'DisableConnection',
  'disableConnection',
);
export const ENABLE_CONNECTION_MUTATION = connectionPayload('EnableConnection', 'enableConnection');

export const DELETE_CONNECTION_MUTATION = /* GraphQL */ `
  mutation DeleteConnection($id: ID!) {
    deleteConnection(id: $id) {
      __typename
      ... on Error { message }
      ... on DeleteConnectionSuccess { deletedConnectionId }
    }
  }
`;

const API_KEY_FIELDS = 'id name prefix scope createdAt lastUsedAt revokedAt expiresAt';

export const CREATE_API_KEY_MUTATION = /* GraphQL */ `
  mutation CreateApiKey($name: String!, $scope: ApiKeyScope) {
    createApiKey(name: $name, scope: $scope) {
      __typename
      ... on Error { message }
      ... on CreateApiKeySuccess { key apiKey { ${API_KEY_FIELDS} } }
    }
  }
`;

export const REVOKE_API_KEY_MUTATION = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on Error { message }
      ... on RevokeApiKeySuccess { apiKey { ${API_KEY_FIELDS} } }
    }
  }
`;
