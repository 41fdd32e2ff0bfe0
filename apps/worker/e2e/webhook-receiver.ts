import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { headers: IncomingHttpHeaders; body: string; path: string };

/** A status, a status with headers (a redirect's Location), or 'hang' until release(). */
type Answer = number | 'hang' | { status: number; headers: Record<string, string> };

/**
 * A real HTTP receiver on a local port. `answer` decides each response (a status, or 'hang' to
 * hold the request until `release()`); `down()` closes the port so connections are refused and
 * `up()` listens on the same port again.
 */
export async function startReceiver() {
  const received: ReceivedWebhook[] = [];
  const hanging: ServerResponse[] = [];
  let answer: (request: ReceivedWebhook) => Answer = () => 204;
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const wake = () => {
    for (const waiter of waiters.filter((w) => w.check())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '/',
      };
      const reply = answer(request);
      received.push(request);
      if (reply === 'hang') hanging.push(res);
      else if (typeof reply === 'number') res.writeHead(reply).end();
      else res.writeHead(reply.status, reply.headers).end();
      wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    hanging,
    answerWith(next: (request: ReceivedWebhook) => Answer) {
      answer = next;
    },
    /** Resolves once `check` holds after a request arrives (or at once if it holds already). */
    until(check: () => boolean): Promise<void> {
      if (check()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ check, resolve }));
    },
    release() {
      for (const res of hanging.splice(0)) res.writeHead(200).end();
    },
    down(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    up(): Promise<void> {
      return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close(): Promise<void> {
      for (const res of hanging.splice(0)) res.destroy();
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
