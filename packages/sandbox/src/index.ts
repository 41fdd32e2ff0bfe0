export * from './server/admin-client.ts';
export type { FaultKind, StatsSnapshot } from './server/sandbox-stats.ts';
export * from './server/server.ts';
export * from './shared/random.ts';
export * from './shared/sandbox-input-error.ts';
export type * from './shared/types.ts';
