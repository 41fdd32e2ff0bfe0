import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxAdmin } from '../../sandbox/admin-client.ts';
import { serveAdmin } from '../../sandbox/admin-routes.ts';
import { sendJson } from '../../sandbox/http-io.ts';
import { serveProviderCall } from '../../sandbox/provider-route.ts';
import { BASE_PATHS } from '../../sandbox/providers.ts';
import { SandboxState } from '../../sandbox/sandbox-state.ts';
import { createMicrosoftMailSandbox } from '../sandbox/index.ts';

export type MailSandboxServer = {
  url: string;
  /** Graph base URL, `http://127.0.0.1:<port>/msgraph`. */
  baseUrl: string;
  admin: ReturnType<typeof sandboxAdmin>;
  close(): Promise<void>;
};

/**
 * The shared sandbox server's routing, admin API and fault machinery with only the Microsoft
 * emulator mounted, under Microsoft's standing limits (4 concurrent requests and 10,000
 * requests per 10 minutes per mailbox). Stands in for `startSandboxServer` until the server
 * registers MICROSOFT_MAIL in `sandbox/providers.ts`.
 */
export async function startMailSandboxServer(seed = 42): Promise<MailSandboxServer> {
  const state = new SandboxState(
    [
      {
        provider: 'MICROSOFT_MAIL',
        create: createMicrosoftMailSandbox,
        defaults: { rateLimit: { requests: 10_000, windowMs: 600_000 }, maxConcurrent: 4 },
      },
    ],
    seed,
  );
  let publicUrl = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', publicUrl);
    const served = url.pathname.startsWith('/__sandbox')
      ? serveAdmin(
          state,
          { MICROSOFT_MAIL: `${publicUrl}msgraph` } as never,
          url,
          request,
          response,
        )
      : serveProviderCall(state, BASE_PATHS.MICROSOFT_MAIL, publicUrl, url, request, response);
    served.catch((error: unknown) =>
      sendJson(response, 500, { error: { message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: publicUrl,
    baseUrl: `${publicUrl}msgraph`,
    admin: sandboxAdmin(publicUrl),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
