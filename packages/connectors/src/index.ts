export * from './connection-settings.ts';
export * from './default-connectors.ts';
export * from './facebook-ads/index.ts';
export * from './facebook-graph/index.ts';
export * from './facebook-pages/index.ts';
export * from './microsoft-mail/index.ts';
export * from './shared/index.ts';
