export * from './admin-client.ts';
export * from './random.ts';
export * from './read-chunk-to-end.ts';
export * from './sandbox-input-error.ts';
export * from './server.ts';
export type * from './types.ts';
