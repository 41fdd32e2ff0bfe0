import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionContext } from '@tributary/core';
import { createMicrosoftMailSandbox } from '../microsoft-mail/index.ts';
import type { FaultSettings, MutateOps, SandboxFault, TruthResult } from '../shared/types.ts';

/** A fault the harness applies to one request, in the order the plan lists them. */
export type HarnessFault =
  | SandboxFault
  | 'reset'
  | 'malformed'
  | { latencyMs: number }
  /** A 200 with this body instead of the emulator's. */
  | { body: string };

export type MailSandboxHarness = {
  /** The emulator's Graph base, as a sandbox connection's `baseUrl`. */
  baseUrl: string;
  reset(seed: number, accounts?: unknown[]): void;
  mutate(accountId: string, ops: MutateOps): { added: number; updated: number; removed: number };
  truth(accountId: string, stream: string): TruthResult;
  /** Faults for the next requests, one per request (null: serve normally), then normal again. */
  planFaults(plan: (HarnessFault | null)[]): void;
  /** Standing fault settings the emulator reads itself (`listChurn`), until changed. */
  setFaults(faults: FaultSettings): void;
  requestsServed(): number;
  close(): Promise<void>;
};

/**
 * A tiny node:http host for the Microsoft emulator alone, so this provider's tests run over
 * real HTTP with scripted faults.
 */
export async function startMailSandboxHarness(seed = 1): Promise<MailSandboxHarness> {
  const sandbox = createMicrosoftMailSandbox();
  sandbox.reset(seed);
  let plan: (HarnessFault | null)[] = [];
  let served = 0;
  let baseUrl = '';
  let standing: FaultSettings = {};

  const server = createServer((request, response) => {
    void (async () => {
      served += 1;
      const url = new URL(request.url ?? '/', baseUrl);
      const body = await readForm(request);
      const fault = plan.shift() ?? null;
      if (fault && typeof fault === 'object' && 'latencyMs' in fault)
        await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault && typeof fault === 'object' && 'body' in fault) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(fault.body);
        return;
      }
      if (fault === 'reset') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        response.write('{"value":[');
        response.destroy();
        return;
      }
      const answer =
        typeof fault === 'string' && fault !== 'malformed'
          ? sandbox.faultResponse(fault, {
              retryAfterSec: fault === 'throttled' ? 1 : 0,
              percentUsed: 50,
            })
          : await sandbox.handle(
              {
                method: request.method ?? 'GET',
                path: url.pathname.replace(/^\/msgraph/, ''),
                query: url.searchParams,
                headers: request.headers as Record<string, string | undefined>,
                body,
              },
              { now: new Date(), baseUrl: `${baseUrl}/msgraph`, faults: standing },
            );
      let text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      if (fault === 'malformed') text = text.slice(0, Math.floor(text.length / 2));
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: `${baseUrl}/msgraph`,
    reset: (newSeed, accounts) => {
      standing = {};
      sandbox.reset(newSeed, accounts);
    },
    mutate: (accountId, ops) => sandbox.mutate(accountId, ops, new Date()),
    truth: (accountId, stream) => sandbox.truth(accountId, stream, new Date()),
    planFaults: (next) => {
      plan = [...next];
    },
    setFaults: (faults) => {
      standing = faults;
    },
    requestsServed: () => served,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readForm(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? Object.fromEntries(new URLSearchParams(text)) : undefined;
}

/** The sandbox for a test file, and a connection context for one of its mailboxes. */
export async function startMailboxSandbox(
  accountId: string,
): Promise<{ sandbox: MailSandboxHarness; context: ConnectionContext }> {
  const sandbox = await startMailSandboxHarness();
  const context: ConnectionContext = {
    provider: 'MICROSOFT_MAIL',
    accountId,
    baseUrl: sandbox.baseUrl,
    allowedOrigins: [new URL(sandbox.baseUrl).origin],
    credentials: { accessToken: 'token-42' },
  };
  return { sandbox, context };
}
