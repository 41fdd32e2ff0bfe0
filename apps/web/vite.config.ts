import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards GraphQL (HTTP and the graphql-ws WebSocket) to a running API,
// so the dashboard talks to the same origin in development and production.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/graphql': { target: apiUrl, ws: true, changeOrigin: true },
      // The providers send the browser back here after sign-in (set PUBLIC_URL to this origin).
      '/oauth': { target: apiUrl, changeOrigin: true },
    },
  },
});
