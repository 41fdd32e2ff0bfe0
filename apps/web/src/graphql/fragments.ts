/** Field selections shared by several documents. */

export const PROGRESS_FIELDS = /* GraphQL */ `
  percent
  itemsProcessed
  itemsEstimated
  inserted
  updated
  unchanged
  deleted
  events
  skipped
  etaSeconds
  finishesAt
  waitingUntil
  waitReason
  throughputPerSecond
  currentActivity
  currentItemLabel
`;

export const JOB_FIELDS = /* GraphQL */ `
  id
  mode
  phase
  status
  startedAt
  finishedAt
  createdAt
  error
  connection { id provider displayName externalAccountId }
  progress { ${PROGRESS_FIELDS} }
  chunkCounts { total pending running rateLimited succeeded failed cancelled }
  nextPhase { id status }
  previousPhase { id status }
`;

export const CONNECTION_FIELDS = /* GraphQL */ `
  id
  provider
  displayName
  externalAccountId
  status
  statusMessage
  sandbox
  lastSyncAt
  nextSyncAt
  scheduleMinutes
  recentComplete
  historicalComplete
  activeJob { id status }
`;

export const EVENT_FIELDS = /* GraphQL */ `
  kind
  message
  at
  chunkId
  resumesAt
`;
