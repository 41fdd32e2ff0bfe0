import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the sandbox in front of the real one does to provider calls: pass them through, answer
 * each with a redirect to `elsewhere`, or pass them through with every link in the answer
 * (Graph `paging.next`, `@odata.nextLink`, `@odata.deltaLink`) re-pointed at `elsewhere`.
 */
export type HostileMode = 'pass' | 'redirect' | 'links';

/**
 * The operator's sandbox as the worker sees it (TRIBUTARY_SANDBOX_URL), fronting the real
 * sandbox so a test can make it turn hostile without changing the emulators. Admin answers
 * (`/__sandbox`) name this front's origin, as the real sandbox names its own.
 */
export async function startHostileSandbox(realUrl: string, elsewhere: string) {
  const real = new URL(realUrl).origin;
  let mode: HostileMode = 'pass';
  let front = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const path = request.url ?? '/';
      const admin = path.startsWith('/__sandbox');
      if (!admin && mode === 'redirect') {
        // 307 keeps the method and body: a token form would be re-posted to `elsewhere`.
        response.writeHead(307, { location: `${elsewhere}${path}` });
        response.end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') {
          headers[name] = value;
        }
      }
      const method = request.method ?? 'GET';
      const upstream = await fetch(`${real}${path}`, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
        redirect: 'manual',
      });
      const text = await upstream.text();
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) {
          out[name] = value;
        }
      });
      response.writeHead(upstream.status, out);
      response.end(text.replaceAll(real, admin || mode === 'pass' ? front : elsewhere));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${front}/`,
    setMode(next: HostileMode) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
