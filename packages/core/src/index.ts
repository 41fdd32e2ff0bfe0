export * from './errors/provider-error.ts';
export * from './records/canonical-json.ts';
export * from './records/content-hash.ts';
export * from './source/connector.ts';
export * from './source/provider.ts';
