export * from './facebook-ads/index.ts';
export * from './facebook-graph/index.ts';
export * from './shared/index.ts';
