import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveAdmin } from '../../sandbox/admin-routes.ts';
import { sendJson } from '../../sandbox/http-io.ts';
import { serveProviderCall } from '../../sandbox/provider-route.ts';
import { BASE_PATHS } from '../../sandbox/providers.ts';
import { SandboxState } from '../../sandbox/sandbox-state.ts';
import { createFacebookPagesSandbox } from '../sandbox/index.ts';

export type PagesSandboxServer = {
  url: string;
  /** Graph base URL, `http://127.0.0.1:<port>/graph`. */
  baseUrl: string;
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
};

/**
 * The shared sandbox server's own routing, admin API and fault machinery with only the Pages
 * emulator mounted. Stands in for `startSandboxServer` until the server registers Facebook
 * Pages in `sandbox/providers.ts`.
 */
export async function startPagesSandboxServer(seed = 42): Promise<PagesSandboxServer> {
  const state = new SandboxState(
    [
      {
        provider: 'FACEBOOK_PAGES',
        create: () => createFacebookPagesSandbox(seed),
        defaults: { rateLimit: { requests: 100_000, windowMs: 3_600_000 } },
      },
    ],
    seed,
  );
  let publicUrl = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', publicUrl);
    const served = url.pathname.startsWith('/__sandbox')
      ? serveAdmin(state, { FACEBOOK_PAGES: `${publicUrl}graph` } as never, url, request, response)
      : serveProviderCall(state, BASE_PATHS.FACEBOOK_PAGES, publicUrl, url, request, response);
    served.catch((error: unknown) =>
      sendJson(response, 500, { error: { message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: publicUrl,
    baseUrl: `${publicUrl}graph`,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${publicUrl}__sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${JSON.stringify(json)}`);
      return json as T;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
