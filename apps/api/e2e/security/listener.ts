import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Heard = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A local HTTP listener standing in for an attacker's host: it records whatever reaches it. */
export async function startListener() {
  const heard: Heard[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      heard.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":[],"value":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    heard,
    /** Requests that carried any of these tokens, in a header, the URL or the body. */
    leaks(tokens: readonly string[]): Heard[] {
      return heard.filter((h) =>
        tokens.some((t) => `${JSON.stringify(h.headers)} ${h.url} ${h.body}`.includes(t)),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
