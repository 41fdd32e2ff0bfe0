import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from './post-webhook.ts';

// A real receiver on loopback: what reached it, and what it answers.
let server: Server;
let port: number;
const received: { url: string; host: string; body: string }[] = [];
let answer: (url: string) => { status: number; headers?: Record<string, string> } = () => ({
  status: 204,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      received.push({ url: req.url ?? '', host: req.headers.host ?? '', body });
      const { status, headers } = answer(req.url ?? '');
      res.writeHead(status, headers).end('ignored');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((done) => server.close(done)));

const open = { timeoutMs: 2_000, allowInternalAddresses: true };
const closed = { timeoutMs: 2_000, allowInternalAddresses: false };

describe('postWebhook', () => {
  it('posts the body with its headers and reports the status', async () => {
    received.length = 0;
    const outcome = await postWebhook(
      `http://localhost:${port}/in`,
      '{"a":1}',
      { 'content-type': 'application/json' },
      open,
    );
    expect(outcome).toMatchObject({ statusCode: 204, error: null });
    expect(received).toEqual([{ url: '/in', host: `localhost:${port}`, body: '{"a":1}' }]);
  });

  it('does not follow a redirect', async () => {
    received.length = 0;
    answer = (url) =>
      url === '/moved' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 204 };
    const outcome = await postWebhook(`http://127.0.0.1:${port}/moved`, '{}', {}, open);
    answer = () => ({ status: 204 });
    expect(outcome).toMatchObject({
      statusCode: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
    expect(received.map((r) => r.url)).toEqual(['/moved']);
  });

  it('refuses, sending nothing, a name that resolves to a loopback or private address', async () => {
    received.length = 0;
    const outcome = await postWebhook(`http://localhost:${port}/in`, '{}', {}, closed);
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toMatch(/^network: localhost resolves to a loopback or private address/);
    // A public-looking name that a resolver (rebinding) points at the metadata address.
    const rebound = await postWebhook(
      'https://hooks.example.com/in',
      '{}',
      {},
      {
        ...closed,
        resolve: ((_host: string, _options: unknown, callback: (...args: unknown[]) => void) =>
          callback(null, [{ address: '169.254.169.254', family: 4 }])) as never,
      },
    );
    expect(rebound.error).toBe(
      'network: hooks.example.com resolves to a loopback or private address (169.254.169.254)',
    );
    expect(received).toEqual([]);
  });

  it('refuses loopback and private IP literals, sending nothing', async () => {
    received.length = 0;
    for (const url of [`http://127.0.0.1:${port}/in`, `http://[::ffff:127.0.0.1]:${port}/in`]) {
      const outcome = await postWebhook(url, '{}', {}, closed);
      expect(outcome).toMatchObject({ statusCode: null });
      expect(outcome.error).toMatch(/is a loopback or private address$/);
    }
    expect(received).toEqual([]);
  });

  it('reports a receiver that does not answer in time as a timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const at = (silent.address() as AddressInfo).port;
    const outcome = await postWebhook(
      `http://127.0.0.1:${at}/`,
      '{}',
      {},
      {
        ...open,
        timeoutMs: 200,
      },
    );
    silent.closeAllConnections();
    await new Promise((done) => silent.close(done));
    expect(outcome).toMatchObject({ statusCode: null, error: 'timeout: no answer within 200 ms' });
  });

  it('survives a receiver that answers and then never finishes its body', async () => {
    const dribbling = createServer((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    await new Promise<void>((done) => dribbling.listen(0, '127.0.0.1', done));
    const at = (dribbling.address() as AddressInfo).port;
    const outcome = await postWebhook(
      `http://127.0.0.1:${at}/`,
      '{}',
      {},
      {
        ...open,
        timeoutMs: 100,
      },
    );
    expect(outcome).toMatchObject({ statusCode: 200, error: null });
    // The timeout then aborts the unfinished body; that must not surface as an uncaught error.
    await new Promise((done) => setTimeout(done, 300));
    dribbling.closeAllConnections();
    await new Promise((done) => dribbling.close(done));
  });

  it('reports a refused connection as a network error', async () => {
    const outcome = await postWebhook('http://127.0.0.1:9/', '{}', {}, open);
    expect(outcome).toMatchObject({ statusCode: null, error: 'network: ECONNREFUSED' });
  });
});
