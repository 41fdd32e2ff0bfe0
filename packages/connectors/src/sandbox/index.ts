export * from './random.ts';
export * from './sandbox-input-error.ts';
export * from './server.ts';
export type * from './types.ts';
