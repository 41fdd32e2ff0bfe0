export * from './connector.ts';
export * from './fields.ts';
export * from './insights-window.ts';
export * from './streams.ts';
