export * from './backoff.ts';
export * from './http-request.ts';
export * from './parse-json.ts';
export * from './sleep.ts';
export * from './with-retry.ts';
