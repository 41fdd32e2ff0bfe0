import { CONNECTION_FIELDS, EVENT_FIELDS, JOB_FIELDS } from './fragments.ts';

export const VIEWER_QUERY = /* GraphQL */ `
  query Viewer {
    viewer { id name }
  }
`;

/** Connections with their recent jobs: the row shows phase 1 / phase 2 completion from them. */
export const CONNECTIONS_QUERY = /* GraphQL */ `
  query Connections {
    connections(first: 100) { edges { node { ${CONNECTION_FIELDS} } } }
    syncJobs(first: 100) { edges { node { ${JOB_FIELDS} } } }
  }
`;

export const ACTIVE_JOBS_QUERY = /* GraphQL */ `
  query ActiveJobs {
    syncJobs(status: [PENDING, RUNNING, CANCELLING], first: 100) { edges { node { ${JOB_FIELDS} } } }
  }
`;

/** One job as the initial-sync modal shows it (after returning from a provider's OAuth screen). */
export const SIGN_IN_ACCOUNTS_QUERY = /* GraphQL */ `
  query SignInAccounts($signIn: String!) {
    signInAccounts(signIn: $signIn) {
      __typename
      ... on Error { message }
      ... on SignInAccounts {
        provider
        expiresAt
        accounts {
          externalAccountId
          name
          detail
          unavailableReason
          connection { id displayName }
        }
      }
    }
  }
`;

export const SYNC_JOB_QUERY = /* GraphQL */ `
  query SyncJob($id: ID!) {
    syncJob(id: $id) { ${JOB_FIELDS} }
  }
`;

export const JOB_QUERY = /* GraphQL */ `
  query Job($id: ID!) {
    syncJob(id: $id) {
      ${JOB_FIELDS}
      connection { activeJob { id phase } }
      events(first: 100, newestFirst: true, exceptKinds: [PROGRESS]) {
        edges { node { ${EVENT_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
      chunks(first: 500) {
        edges {
          node {
            id index stream kind label windowStart windowEnd status attempts maxAttempts
            lastError lastErrorCode itemsProcessed runAfter startedAt finishedAt
          }
        }
      }
    }
  }
`;

/** Older activity of a job, a page at a time (the log opens at the newest). */
export const JOB_EVENTS_QUERY = /* GraphQL */ `
  query JobEvents($id: ID!, $after: String) {
    syncJob(id: $id) {
      id
      events(first: 100, after: $after, newestFirst: true, exceptKinds: [PROGRESS]) {
        edges { node { ${EVENT_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const JOB_HISTORY_QUERY = /* GraphQL */ `
  query JobHistory($connectionId: ID, $status: [SyncJobStatus!], $first: Int) {
    connections(first: 100) { edges { node { id provider displayName externalAccountId } } }
    syncJobs(connectionId: $connectionId, status: $status, first: $first) {
      edges { node { ${JOB_FIELDS} } }
    }
    syncStats {
      problemConnections { connection { id displayName } failedChunks failedJobs lastError }
    }
  }
`;

export const RECORD_CONNECTIONS_QUERY = /* GraphQL */ `
  query RecordConnections {
    connections(first: 100) { edges { node { id provider displayName externalAccountId } } }
  }
`;

export const RECORDS_QUERY = /* GraphQL */ `
  query Records($connectionId: ID!, $stream: String!, $first: Int, $after: String) {
    records(connectionId: $connectionId, stream: $stream, first: $first, after: $after) {
      edges { node { id externalId stream data modifiedAt deletedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const CONNECTION_QUERY = /* GraphQL */ `
  query Connection($id: ID!) {
    node(id: $id) { ... on Connection { ${CONNECTION_FIELDS} } }
  }
`;

export const API_KEYS_QUERY = /* GraphQL */ `
  query ApiKeys {
    viewer { id apiKeys { id name prefix scope createdAt lastUsedAt revokedAt expiresAt } }
  }
`;
