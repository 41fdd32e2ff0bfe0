import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards GraphQL (HTTP and the graphql-ws WebSocket) to a running API,
// so the dashboard talks to the same origin in development and production.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages: the dashboard, and GraphiQL, which the API serves at GET /graphql to browsers.
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        graphiql: resolve(import.meta.dirname, 'graphiql.html'),
      },
      // GraphiQL's modules start with React Compiler's "use no memo", which a bundle cannot
      // keep and need not: the warning says nothing about this build.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
    // Monaco (GraphiQL's editor) is one large chunk, loaded only by the explorer page.
    chunkSizeWarningLimit: 4096,
  },
  server: {
    proxy: {
      '/graphql': {
        target: apiUrl,
        ws: true,
        changeOrigin: true,
        // A browser opening /graphql gets the explorer from this server, as the API serves it.
        bypass: (req) =>
          req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')
            ? '/graphiql.html'
            : undefined,
      },
      // The providers send the browser back here after sign-in (set PUBLIC_URL to this origin).
      '/oauth': { target: apiUrl, changeOrigin: true },
    },
  },
});
