import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';
import { graphql } from './graphql.ts';
import { screenshot } from './screenshots.ts';
import { type RunningSystem, startSystem } from './system.ts';

/**
 * GraphiQL at GET /graphql, against the real system in Chromium with the internet out of
 * reach: it loads from the dashboard build alone, completes, runs a query over HTTP and a
 * subscription over graphql-ws with the signed-in dashboard's key, opens the docs, and the
 * key appears nowhere on the page.
 */

let system: RunningSystem;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
/** Every http(s) and ws(s) address the browser asked for, pages and workers alike. */
const requested: string[] = [];
const sockets: string[] = [];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const leftLoopback = (url: string) =>
  /^(http|ws)s?:/.test(url) && !LOOPBACK.has(new URL(url).hostname);

beforeAll(async () => {
  system = await startSystem();
  browser = await launchBrowser({ offline: true });
  browser.context.on('request', (request) => void requested.push(request.url()));
  // Anything bound elsewhere is refused here too (the resolver rules already fail names).
  await browser.context.route(
    (url) => leftLoopback(url.href),
    (route) => route.abort('internetdisconnected'),
  );
  page = await browser.context.newPage();
  page.on('websocket', (socket) => void sockets.push(socket.url()));
  // Signing in to the dashboard (the printed link) is what gives the explorer its key.
  await page.goto(system.dashboardUrl);
  await page.getByRole('heading', { name: 'Connections' }).first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const compact = (text: string) => text.replace(/\s+/g, '');

const explorerUrl = () => `${new URL(system.dashboardUrl).origin}/graphql`;

/**
 * Replaces the operation editor's text (as a paste: no auto-closed brackets), again until the
 * editor shows it: right after a load, GraphiQL may still be mounting Monaco or restoring the
 * last session's tab over what was typed.
 */
async function setOperation(text: string) {
  const editor = page.locator('.graphiql-query-editor .monaco-editor');
  await editor.waitFor();
  await expect
    .poll(
      async () => {
        await editor.locator('.view-lines').click();
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.press('Delete');
        await page.keyboard.insertText(text);
        return compact((await editor.locator('.view-lines').textContent()) ?? '');
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(compact(text));
  // GraphiQL parses the editor 100 ms after the last change (a debounce), stores the text, and
  // only then knows the new document: run before that and it picks HTTP or WebSocket by the
  // previous one (right after a reload, the restored subscription tab sent a query over ws).
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('graphiql:query')), { timeout: 10_000 })
    .toBe(text);
}

/** The response pane's text without whitespace: Monaco wraps long lines (ids) anywhere. */
const responseText = async () =>
  ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, '');

// Operations are anonymous: GraphiQL takes the operation name from the editor after a debounce,
// so a named one run right after typing could go out with the previous name ("Unknown operation").
async function run() {
  await page.getByRole('button', { name: /Execute query/ }).click();
}

describe('GraphiQL at /graphql', () => {
  it('loads offline with the dashboard’s key and completes fields as you type', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'GraphQL' })
      .click();
    await page.waitForURL(explorerUrl());
    await page.getByText('signed in from the dashboard').waitFor({ timeout: 30_000 });
    await setOperation('{ vie }');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    // Ctrl-Space asks for completions; they name fields once the schema has arrived.
    const suggested = page.locator('.suggest-widget').getByText('viewer');
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Control+Space');
          return suggested.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(requested.filter(leftLoopback)).toEqual([]);
  });

  it('runs a query over HTTP', async () => {
    const { viewer } = await graphql<{ viewer: { name: string } }>(
      system.graphqlUrl,
      system.apiKey,
      '{ viewer { name } }',
    );
    await setOperation('{ viewer { name } }');
    await run();
    await expect.poll(responseText, { timeout: 30_000 }).toContain(compact(viewer.name));
  });

  it('runs a subscription over graphql-ws', async () => {
    const { connections } = await graphql<{
      connections: { edges: { node: { id: string } }[] };
    }>(system.graphqlUrl, system.apiKey, '{ connections(first: 1) { edges { node { id } } } }');
    const connectionId = connections.edges[0]!.node.id;
    const { startSync } = await graphql<{ startSync: { job?: { id: string } } }>(
      system.graphqlUrl,
      system.apiKey,
      `mutation($id: ID!) { startSync(input: { connectionId: $id, mode: INCREMENTAL }) {
        ... on StartSyncSuccess { job { id } } ... on SyncAlreadyRunningError { job { id } } } }`,
      { id: connectionId },
    );
    const jobId = startSync.job!.id;
    sockets.length = 0;
    await setOperation(
      `subscription { syncProgress(jobId: "${jobId}") { kind job { id status } } }`,
    );
    await run();
    await expect.poll(responseText, { timeout: 60_000 }).toContain(jobId);
    expect(await responseText()).toContain('kind');
    expect(sockets).toEqual([explorerUrl().replace(/^http/, 'ws')]);
  }, 120_000);

  it('opens the docs explorer on the schema', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await docs.getByText('viewer', { exact: true }).first().waitFor();
    await screenshot(page, 'explorer-docs');
  });

  it('shows the key nowhere: not in the page, the URL or the headers editor', async () => {
    const html = await page.content();
    expect(html).not.toContain(system.apiKey);
    expect(await page.evaluate(() => document.body.textContent)).not.toContain(system.apiKey);
    expect(page.url()).not.toContain(system.apiKey);
    // The requests carried it only in their authorization header, never in an address.
    expect(requested.filter((url) => url.includes(system.apiKey))).toEqual([]);
    expect(requested.filter(leftLoopback)).toEqual([]);
    expect(sockets.filter(leftLoopback)).toEqual([]);
  });

  it('signed out, still shows the schema (introspection needs no key) and asks for one', async () => {
    await page.evaluate(() => localStorage.removeItem('tributary.apiKey'));
    await page.reload();
    await page.getByText('not signed in').waitFor();
    const docs = page.locator('.graphiql-doc-explorer');
    if (!(await docs.isVisible())) {
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    }
    // The docs reopen where they were (Query's fields) or at the root (Query, Mutation, …).
    await docs
      .getByText(/^(viewer|Mutation)$/)
      .first()
      .waitFor();
    await setOperation('{ viewer { name } }');
    await run();
    await expect
      .poll(responseText, { timeout: 30_000 })
      .toContain(compact('A valid API key is required'));
    await screenshot(page, 'explorer-signed-out');
  });

  it('signed out, answers a subscription at once with what to do', async () => {
    await setOperation('subscription { syncActivity { kind } }');
    await run();
    await expect
      .poll(responseText, { timeout: 10_000 })
      .toContain(compact('Subscriptions need an API key'));
  });
});
