export * from './mail-sandbox-harness.ts';
export * from './pages-sandbox-server.ts';
