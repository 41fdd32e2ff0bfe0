import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendExplorerPage } from './explorer-page.ts';

let server: Server | null = null;
let dir: string | null = null;

afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(null)));
  if (dir) await rm(dir, { recursive: true, force: true });
  server = null;
  dir = null;
});

async function pageFrom(webDist: string | undefined) {
  server = createServer((_req, res) => void sendExplorerPage(webDist, res));
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
  return {
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
    text: await res.text(),
  };
}

describe('the explorer page', () => {
  it('is the dashboard build’s GraphiQL page, never cached (its asset names change per build)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'explorer-page-'));
    await writeFile(join(dir, 'graphiql.html'), '<!doctype html><title>built GraphiQL</title>');
    const page = await pageFrom(dir);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.cache).toBe('no-cache');
    expect(page.text).toBe('<!doctype html><title>built GraphiQL</title>');
  });

  it('says how to get it when the dashboard was not built', async () => {
    dir = await mkdtemp(join(tmpdir(), 'explorer-page-'));
    for (const webDist of [dir, undefined]) {
      const page = await pageFrom(webDist);
      expect(page.text).toContain('The explorer (GraphiQL) is part of the dashboard build');
      await new Promise((done) => server!.close(done));
      server = null;
    }
  });
});
