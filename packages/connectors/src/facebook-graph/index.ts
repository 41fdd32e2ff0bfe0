export * from './classify-graph-error.ts';
export * from './exchange-code.ts';
export * from './graph-get.ts';
export * from './list-edge.ts';
export * from './paging.ts';
export * from './usage-headers.ts';
