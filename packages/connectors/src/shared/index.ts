export * from './allowed-origins.ts';
export * from './backoff.ts';
export * from './host-not-allowed-error.ts';
export * from './http-request.ts';
export * from './parse-json.ts';
export * from './provider-target.ts';
export * from './sleep.ts';
export * from './with-retry.ts';
