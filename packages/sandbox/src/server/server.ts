import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDERS, type ProviderId } from '@tributary/core';
import { serveAdmin } from './admin-routes.ts';
import { sendJson } from './http-io.ts';
import { serveProviderCall } from './provider-route.ts';
import { BASE_PATHS, providerRegistrations } from './providers.ts';
import { DEFAULT_SEED, SandboxState } from './sandbox-state.ts';

export type SandboxServerOptions = { port?: number; host?: string; seed?: number };

export type SandboxServer = {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Each provider's API base, e.g. FACEBOOK_ADS → `http://127.0.0.1:<port>/graph`. */
  providers: Record<ProviderId, string>;
  close(): Promise<void>;
};

/** One HTTP server for every provider emulator plus the `/__sandbox` admin API. */
export async function startSandboxServer(
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState(providerRegistrations(), options.seed ?? DEFAULT_SEED);
  let publicUrl = '';
  let providerUrls = {} as Record<ProviderId, string>;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      const message = error instanceof Error ? error.message : String(error);
      sendJson(response, 500, { error: { message: `sandbox failure: ${message}` } });
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', publicUrl);
    if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
      return serveAdmin(state, providerUrls, url, request, response);
    }
    const basePath = [...new Set(Object.values(BASE_PATHS))].find(
      (base) => url.pathname === base || url.pathname.startsWith(`${base}/`),
    );
    if (!basePath) {
      return sendJson(response, 404, { error: { message: `no provider at ${url.pathname}` } });
    }
    return serveProviderCall(state, basePath, publicUrl, url, request, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  publicUrl = `http://${host}:${port}/`;
  providerUrls = Object.fromEntries(
    PROVIDERS.map((provider) => [provider, `${publicUrl}${BASE_PATHS[provider].slice(1)}`]),
  ) as Record<ProviderId, string>;

  return {
    url: publicUrl,
    providers: providerUrls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung (timeout-fault) and idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
