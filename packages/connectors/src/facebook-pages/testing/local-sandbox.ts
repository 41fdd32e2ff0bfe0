import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFacebookPagesSandbox, type FacebookPagesSandbox } from '../sandbox/index.ts';
import { seededRandom } from '../sandbox/random.ts';

export type LocalFaults = {
  latencyMs?: number;
  errorRate?: number;
  throttleRate?: number;
  retryAfterSec?: number;
  resetRate?: number;
  malformedRate?: number;
};

export type LocalSandbox = {
  /** Graph base URL, e.g. `http://127.0.0.1:1234/graph`. */
  baseUrl: string;
  sandbox: FacebookPagesSandbox;
  setFaults(faults: LocalFaults): void;
  /** Requests served since the last reset of the counter. */
  requests: number;
  close(): Promise<void>;
};

/**
 * A minimal HTTP host for the Pages emulator, used by this folder's tests until the shared
 * sandbox server mounts Facebook Pages: `/graph/*` → emulator, with seeded faults applied
 * through the emulator's own `faultResponse` / `usageHeaders`, like the real server does.
 */
export async function startLocalSandbox(seed = 7): Promise<LocalSandbox> {
  const sandbox = createFacebookPagesSandbox(seed);
  let faults: LocalFaults = {};
  let random = seededRandom(seed, 'faults');
  const roll = (rate: number | undefined) => (rate ? random.next() < rate : false);

  const host: LocalSandbox = {
    baseUrl: '',
    sandbox,
    requests: 0,
    setFaults(next) {
      faults = next;
      random = seededRandom(seed, 'faults', JSON.stringify(next));
    },
    close: async () => {},
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response);
  });
  async function serve(request: IncomingMessage, response: ServerResponse) {
    host.requests++;
    const url = new URL(request.url ?? '/', 'http://local');
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const sandboxRequest = {
      method: request.method ?? 'GET',
      path: url.pathname.replace(/^\/graph/, ''),
      query: url.searchParams,
      headers: request.headers as Record<string, string | undefined>,
      body: undefined,
    };
    const accountId = sandbox.accountOf(sandboxRequest);
    let answer: { status: number; headers?: Record<string, string>; body: unknown };
    let ok = false;
    if (roll(faults.throttleRate)) {
      answer = sandbox.faultResponse('throttled', {
        accountId,
        retryAfterSec: faults.retryAfterSec ?? 1,
        percentUsed: 100,
      });
    } else if (roll(faults.errorRate)) {
      answer = sandbox.faultResponse('server_error', {
        accountId,
        retryAfterSec: 0,
        percentUsed: 0,
      });
    } else {
      answer = sandbox.handle(sandboxRequest, {
        now: new Date(),
        baseUrl: host.baseUrl,
      }) as typeof answer;
      ok = answer.status < 400;
    }
    const headers = { ...answer.headers };
    if (ok && accountId) Object.assign(headers, sandbox.usageHeaders(accountId, 12));
    let text = answer.body === '' ? '' : JSON.stringify(answer.body);
    if (ok && roll(faults.malformedRate))
      text = random.next() < 0.5 ? text.slice(0, text.length >> 1) : '{"unexpected":true}';
    const body = Buffer.from(text);
    response.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
    if (roll(faults.resetRate)) {
      response.write(body.subarray(0, body.length >> 1), () => response.destroy());
      return;
    }
    response.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  host.baseUrl = `http://127.0.0.1:${port}/graph`;
  host.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return host;
}
