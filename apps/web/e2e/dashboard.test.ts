import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite } from './browser-suite.ts';
import type { SandboxAdmin } from './sandbox.ts';
import { screenshot } from './screenshots.ts';
import type { RunningSystem } from './system.ts';

/**
 * The dashboard against the real system (start script, embedded Postgres, sandbox, API,
 * worker), driven in Debian's Chromium: sign-in, connecting accounts and watching phase 1,
 * the background badge and toasts, cancel/resume, retrying failed chunks, records, history.
 */

// Small accounts keep syncs short; the demo's three accounts stay (small) so its seeded
// connections keep syncing cleanly.
const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_1001', campaigns: 5, adsets: 10, ads: 15, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_2001', conversations: 10, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: 100, ageDays: 200 },
  { provider: 'FACEBOOK_ADS', id: 'act_42', campaigns: 10, adsets: 20, ads: 30, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_42', conversations: 30, ageDays: 200 },
  { provider: 'FACEBOOK_ADS', id: 'act_43', campaigns: 10, adsets: 20, ads: 30, ageDays: 200 },
  // Most of it history, so phase 2 has pages left to read after phase 1 (each read once).
  { provider: 'MICROSOFT_MAIL', id: 'user_42', messages: 3000, ageDays: 600 },
  { provider: 'MICROSOFT_MAIL', id: 'user_43', messages: 50, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_44', conversations: 10, ageDays: 200 },
  // Picked from the signed-in user's ad accounts; its schedule is then turned off.
  {
    provider: 'FACEBOOK_ADS',
    id: 'act_44',
    name: 'Picked ads',
    campaigns: 3,
    adsets: 3,
    ads: 3,
    ageDays: 100,
  },
];

const LONG = 120_000;

// The provider breaker never opens here: these tests watch chunks fail and be retried (outage
// parking, which waits a failing provider out instead, has its own e2e in apps/worker).
const suite = browserSuite({ accounts: ACCOUNTS, env: { PROVIDER_OUTAGE_FAILURES: '1000000' } });
const { api, origin } = suite;
let system: RunningSystem;
let page: Page;
let admin: SandboxAdmin;

beforeAll(async () => {
  ({ system, page, admin } = suite);
  const { providers } = await admin.providers();
  expect(Object.keys(providers).sort()).toEqual([
    'FACEBOOK_ADS',
    'FACEBOOK_PAGES',
    'MICROSOFT_MAIL',
  ]);
});

describe('the served dashboard', () => {
  it('is the production build, as `pnpm start` serves it (tests set NODE_ENV=test)', async () => {
    const html = await (await fetch(`${origin()}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await (await fetch(new URL(src, origin()))).text();
      // React's development JSX runtime; the production bundle has only jsx/jsxs.
      expect(js).not.toContain('jsxDEV');
    }
  });
});

type ApiConnection = { id: string; externalAccountId: string; displayName: string };

async function connectionByAccount(accountId: string): Promise<ApiConnection> {
  const data = await api<{ connections: { edges: { node: ApiConnection }[] } }>(
    'query { connections(first: 100) { edges { node { id externalAccountId displayName } } } }',
  );
  const found = data.connections.edges.find((e) => e.node.externalAccountId === accountId);
  if (!found) throw new Error(`no connection for ${accountId}`);
  return found.node;
}

async function connectThroughDialog(fields: {
  provider: string;
  accountId: string;
  name: string;
  token: string;
}) {
  // The printed link signs in, whatever state an earlier test left.
  await page.goto(system.dashboardUrl);
  await page.getByRole('button', { name: 'Connect account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect an account' });
  await dialog.waitFor();
  await dialog.getByLabel('Provider', { exact: true }).selectOption(fields.provider);
  // Signing in and picking is the primary path; pasting a token (and typing the id) the fallback.
  await dialog.getByRole('button', { name: 'Paste a token instead' }).click();
  await dialog.getByLabel('Account id').fill(fields.accountId);
  await dialog.getByLabel('Display name (optional)').fill(fields.name);
  await dialog.getByLabel('Access token').fill(fields.token);
  // The paste-token path always shows the sandbox option; it is on by default.
  expect(await dialog.getByLabel(/Use the local sandbox/).isChecked()).toBe(true);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  return dialog;
}

describe('dashboard', () => {
  it('explains a rejected API key, then signs in with the printed link', async () => {
    await page.goto(`${origin()}/#key=not-a-real-key`);
    await page.getByText('Your API key was not accepted').first().waitFor();
    expect(page.url()).toBe(`${origin()}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tributary' }).waitFor();
    await page.getByLabel('API key').fill('still-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Your API key was not accepted').waitFor();
    await screenshot(page, '01-sign-in-error');

    await page.goto(system.dashboardUrl);
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    // The key is kept, and gone from the address bar.
    expect(page.url()).toBe(`${origin()}/`);
    expect(await page.evaluate(() => localStorage.getItem('tributary.apiKey'))).toBe(system.apiKey);
    await page.locator('[data-testid=connection-card]').nth(2).waitFor();
    await screenshot(page, '02-connections');
  });

  it('rejects an invalid account id in words and keeps the dialog open', async () => {
    const dialog = await connectThroughDialog({
      provider: 'MICROSOFT_MAIL',
      accountId: 'not an id!',
      name: 'Broken',
      token: 'sandbox-token',
    });
    await dialog.getByRole('alert').getByText('Some of the details are not valid').waitFor();
    await screenshot(page, '03-connect-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it(
    'connects a mailbox by pasting a token, shows phase 1 live, then history in the background',
    async () => {
      // Slow the mailbox down so history runs long enough to watch.
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_42: { latencyMs: 250 } } } },
      });
      await connectThroughDialog({
        provider: 'MICROSOFT_MAIL',
        accountId: 'user_42',
        name: 'Test mailbox',
        token: 'sandbox-token-42',
      });
      const modal = page.getByTestId('initial-sync');
      await modal.waitFor();
      await page.getByRole('progressbar', { name: 'Initial sync progress' }).waitFor();
      await screenshot(page, '04-initial-sync-modal');
      await modal
        .getByText('Your recent data is ready. History is syncing in the background')
        .waitFor({
          timeout: LONG,
        });
      expect(await page.getByTestId('initial-sync-percent').textContent()).toBe('100%');
      // History reads each message once (about 30 pages here): slow it down to watch it.
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_42: { latencyMs: 1500 } } } },
      });
      await screenshot(page, '05-initial-sync-done');
      // It closes itself.
      await modal.waitFor({ state: 'detached', timeout: 10_000 });

      const badge = page.getByTestId('activity-badge');
      await page
        .locator('[data-testid=activity-badge][title*="Test mailbox · Phase 2"]')
        .waitFor({ timeout: LONG });
      await badge.hover();
      await screenshot(page, '06-background-badge');

      await page
        .locator('.toast', { hasText: 'History sync complete' })
        .filter({ hasText: 'Test mailbox' })
        .waitFor({ timeout: LONG });
      await screenshot(page, '07-history-toast');
      await admin.clearFaults();
    },
    LONG * 3,
  );

  it(
    'cancels a running sync and resumes it from its checkpoints',
    async () => {
      await admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_42: { latencyMs: 1500 } } } },
      });
      await connectThroughDialog({
        provider: 'FACEBOOK_ADS',
        accountId: 'act_42',
        name: 'Test ads',
        token: 'sandbox-token-ads',
      });
      const modal = page.getByTestId('initial-sync');
      await modal.waitFor();
      await modal.getByRole('button', { name: 'Continue in the background' }).click();
      await modal.waitFor({ state: 'detached' });

      const card = page.locator('[data-testid=connection-card]', { hasText: 'Test ads' });
      await card.getByRole('link').filter({ hasText: /%/ }).first().click();
      await page.getByRole('heading', { name: /Phase 1/ }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { level: 1, name: /Cancelled/ }).waitFor({ timeout: LONG });
      await screenshot(page, '08-job-cancelled');

      await admin.clearFaults();
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByRole('heading', { level: 1, name: /Succeeded/ }).waitFor({ timeout: LONG });
      expect(await page.getByTestId('job-percent').textContent()).toBe('100%');
      await screenshot(page, '09-job-resumed-done');
    },
    LONG * 3,
  );

  it(
    'keeps retrying a sync whose provider fails every call, and finishes it once the provider recovers',
    async () => {
      // Slow, so the sync is still reading when the provider starts failing: the paste
      // fallback asks the provider first, so the failures start once the connection exists.
      await admin.setFaults({
        providers: { FACEBOOK_PAGES: { accounts: { page_42: { latencyMs: 1500 } } } },
      });
      await connectThroughDialog({
        provider: 'FACEBOOK_PAGES',
        accountId: 'page_42',
        name: 'Test page',
        token: 'sandbox-token-page',
      });
      const modal = page.getByTestId('initial-sync');
      await modal.waitFor();
      await admin.setFaults({
        providers: { FACEBOOK_PAGES: { accounts: { page_42: { errorRate: 1 } } } },
      });
      // Transient failures are retried, never turned into a failed sync (issue #13).
      await expect
        .poll(() => admin.failedRequests('page_42'), { timeout: LONG })
        .toBeGreaterThanOrEqual(3);
      await screenshot(page, '10-initial-sync-retrying');
      expect(await modal.getByText('The sync did not finish cleanly').count()).toBe(0);

      await admin.clearFaults();
      await modal
        .getByText('Your recent data is ready. History is syncing in the background')
        .waitFor({ timeout: LONG });
    },
    LONG * 2,
  );

  it(
    'shows failed chunks with their errors and retries them once the provider recovers',
    async () => {
      // Every request takes seconds, so the provider starts failing after planning and
      // before phase 1 can finish: some chunks are certain to fail.
      await admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_43: { latencyMs: 2500 } } } },
      });
      await connectThroughDialog({
        provider: 'FACEBOOK_ADS',
        accountId: 'act_43',
        name: 'Flaky ads',
        token: 'sandbox-token-ads-43',
      });
      const modal = page.getByTestId('initial-sync');
      await modal.waitFor();
      await modal.getByRole('button', { name: 'Continue in the background' }).click();
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Flaky ads' });
      await card.getByRole('link').filter({ hasText: /%/ }).first().click();
      await page.getByRole('img', { name: /Chunk timeline/ }).waitFor();
      await admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_43: { errorRate: 1 } } } },
      });

      await page.getByRole('list', { name: 'Failed chunks' }).waitFor({ timeout: LONG * 2 });
      await page
        .getByRole('heading', { level: 1, name: /Completed with errors|Failed/ })
        .waitFor({ timeout: LONG });
      await screenshot(page, '11-job-failed-chunks');
      await admin.clearFaults();
      // History started after phase 1; the button enables once that sync ends.
      await page.getByRole('button', { name: 'Retry failed' }).click({ timeout: LONG * 2 });
      await page
        .getByRole('heading', { level: 1, name: /Succeeded/ })
        .waitFor({ timeout: LONG * 2 });
      await page.getByRole('list', { name: 'Failed chunks' }).waitFor({ state: 'detached' });
      await screenshot(page, '12-job-retried');
    },
    LONG * 5,
  );

  it(
    'marks a connection whose token expired as needing re-auth and reconnects it with a new token',
    async () => {
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_43: { tokenExpired: true } } } },
      });
      // Pasted, an expired token is refused before anything is created.
      const refused = await connectThroughDialog({
        provider: 'MICROSOFT_MAIL',
        accountId: 'user_43',
        name: 'Expired mailbox',
        token: 'sandbox-token-expiring',
      });
      await refused
        .getByRole('alert')
        .getByText(/Microsoft refused this token/)
        .waitFor();
      await refused.getByRole('button', { name: 'Cancel' }).click();
      await expect(connectionByAccount('user_43')).rejects.toThrow(/no connection/);

      // A token that works connects; when it expires later, the next sync says so.
      await admin.clearFaults();
      await connectThroughDialog({
        provider: 'MICROSOFT_MAIL',
        accountId: 'user_43',
        name: 'Expired mailbox',
        token: 'sandbox-token-expiring',
      });
      const modal = page.getByTestId('initial-sync');
      await page
        .locator('[data-testid=initial-sync][data-status=SUCCEEDED]')
        .waitFor({ timeout: LONG });
      // A phase 1 that succeeded closes its modal by itself.
      await modal.waitFor({ state: 'detached', timeout: LONG });
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Expired mailbox' });
      // Once history is read too, the token expires and the next sync finds out.
      const syncNow = card.getByRole('button', { name: 'Sync now Expired mailbox' });
      await expect.poll(() => syncNow.isEnabled(), { timeout: LONG }).toBe(true);
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_43: { tokenExpired: true } } } },
      });
      await syncNow.click();
      await card.getByText('Needs re-auth').waitFor({ timeout: LONG });
      await screenshot(page, '12b-needs-reauth');
      await admin.clearFaults();
      await card.getByRole('button', { name: 'Reconnect Expired mailbox' }).click();
      const dialog = page.getByRole('dialog', { name: 'Reconnect Expired mailbox' });
      await dialog.getByLabel('New access token').fill('sandbox-token-renewed');
      await dialog.getByRole('button', { name: 'Reconnect' }).click();
      await dialog.waitFor({ state: 'detached' });
      await card.getByText('Active', { exact: true }).waitFor();
      expect(await card.getByRole('button', { name: 'Sync now Expired mailbox' }).isEnabled()).toBe(
        true,
      );
    },
    LONG * 3,
  );

  it(
    'connects a Page by signing in at the sandbox’s Facebook and picking it from the list',
    async () => {
      await page.goto(system.dashboardUrl);
      await page.getByRole('button', { name: 'Connect account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Connect an account' });
      await dialog.getByLabel('Provider', { exact: true }).selectOption('FACEBOOK_PAGES');
      // Sign in first: nobody types an account id on this path.
      expect(await dialog.getByLabel('Account id').count()).toBe(0);
      expect(await dialog.getByLabel(/Use the local sandbox/).isChecked()).toBe(true);
      await screenshot(page, '12c-connect-with-oauth');
      // The browser leaves for the sandbox's Facebook Login, which redirects to the API's
      // callback, which redirects back here with the sign-in in the fragment.
      const sandboxOrigin = new URL(system.sandboxUrl).origin;
      const visited: string[] = [];
      const onRequest = (request: { url(): string; isNavigationRequest(): boolean }) => {
        if (request.isNavigationRequest()) visited.push(request.url());
      };
      page.on('request', onRequest);
      await dialog.getByRole('button', { name: 'Sign in with Facebook' }).click();

      const picker = page.getByRole('dialog', { name: 'Choose an account to connect' });
      await picker.getByRole('radio', { name: /Sandbox Page 44/ }).waitFor({ timeout: LONG });
      page.off('request', onRequest);
      expect(visited.some((url) => url.startsWith(`${sandboxOrigin}/graph/`))).toBe(true);
      expect(visited.some((url) => url.startsWith(`${origin()}/oauth/callback?`))).toBe(true);
      // The sign-in's grant is read once and gone from the address bar.
      expect(page.url()).toBe(`${origin()}/`);
      // The demo's Page is listed as connected already; the list comes from /me/accounts.
      await picker
        .getByText(/already connected as/)
        .first()
        .waitFor();
      await screenshot(page, '12d-pick-account');
      await picker.getByRole('radio', { name: /Sandbox Page 44/ }).check();
      await picker.getByLabel('Display name (optional)').fill('OAuth page');
      await picker.getByRole('button', { name: 'Connect', exact: true }).click();

      await page.getByRole('dialog', { name: 'Syncing OAuth page' }).waitFor({ timeout: LONG });
      const connection = await connectionByAccount('page_44');
      expect(connection.displayName).toBe('OAuth page');
      await page
        .locator('[data-testid=initial-sync][data-status=SUCCEEDED]')
        .waitFor({ timeout: LONG });
    },
    LONG * 2,
  );

  it(
    'connects an ad account picked from the sign-in’s list, then turns its schedule off',
    async () => {
      await page.goto(system.dashboardUrl);
      await page.getByRole('button', { name: 'Connect account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Connect an account' });
      await dialog.getByLabel('Provider', { exact: true }).selectOption('FACEBOOK_ADS');
      await dialog.getByRole('button', { name: 'Sign in with Facebook' }).click();

      const picker = page.getByRole('dialog', { name: 'Choose an account to connect' });
      const picked = picker.getByRole('radio', { name: /Picked ads/ });
      await picked.waitFor({ timeout: LONG });
      // Every ad account the sandbox user has a role on, with what tells them apart.
      const options = await picker
        .getByRole('radio')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(options).toEqual(expect.arrayContaining(['act_1001', 'act_42', 'act_43', 'act_44']));
      await picker.getByText('act_44 · USD · Active').waitFor();
      await picked.check();
      await picker.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('dialog', { name: 'Syncing Picked ads' }).waitFor({ timeout: LONG });
      const connection = await connectionByAccount('act_44');
      await page
        .locator('[data-testid=initial-sync][data-status=SUCCEEDED]')
        .waitFor({ timeout: LONG });
      // A phase 1 that succeeded closes its modal by itself.
      await page.getByTestId('initial-sync').waitFor({ state: 'detached', timeout: LONG });

      // Schedule "Off": the API stores 0 and no next scheduled sync.
      await page.getByRole('link', { name: 'Settings for Picked ads' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings · Picked ads' }).waitFor();
      await page.getByLabel('Sync schedule').selectOption({ label: 'Off (sync only when asked)' });
      await page.getByText('No scheduled syncs').waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      const stored = await api<{ node: { scheduleMinutes: number; nextSyncAt: string | null } }>(
        'query($id: ID!) { node(id: $id) { ... on Connection { scheduleMinutes nextSyncAt } } }',
        { id: connection.id },
      );
      expect(stored.node).toEqual({ scheduleMinutes: 0, nextSyncAt: null });
      // Reloaded, the picker still says Off.
      await page.reload();
      expect(
        await page.getByLabel('Sync schedule').evaluate((s) => (s as HTMLSelectElement).value),
      ).toBe('0');
    },
    LONG * 2,
  );

  it('refuses a pasted ad account that does not exist, saying so, and connects nothing', async () => {
    const before = await api<{ connections: { totalCount: number } }>(
      'query { connections { totalCount } }',
    );
    const dialog = await connectThroughDialog({
      provider: 'FACEBOOK_ADS',
      accountId: 'act_9999',
      name: 'Ghost ads',
      token: 'sandbox-token-ghost',
    });
    await dialog
      .getByRole('alert')
      .getByText(/Facebook has no account act_9999 that this token can read/)
      .waitFor();
    await screenshot(page, '12e-connect-no-such-account');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(connectionByAccount('act_9999')).rejects.toThrow(/no connection/);
    const after = await api<{ connections: { totalCount: number } }>(
      'query { connections { totalCount } }',
    );
    expect(after.connections.totalCount).toBe(before.connections.totalCount);
  });

  it('says why a provider sign-in connected nothing when access is denied', async () => {
    const begun = await api<{ beginOAuthConnection: { state: string } }>(
      `mutation { beginOAuthConnection(input: {provider: MICROSOFT_MAIL, externalAccountId: "user_45", sandbox: true}) {
         ... on BeginOAuthConnectionSuccess { state } } }`,
    );
    const state = begun.beginOAuthConnection.state;
    // What the provider sends back when the user clicks Cancel on its consent screen.
    await page.goto(`${origin()}/oauth/callback?state=${state}&error=access_denied`);
    await page.getByRole('alert').getByText('Access was not granted').waitFor();
    expect(page.url()).toBe(`${origin()}/`);
    await screenshot(page, '12f-oauth-denied');
    await expect(connectionByAccount('user_45')).rejects.toThrow(/no connection/);
  });

  it('browses records newest first with a JSON view, matching the API and the sandbox', async () => {
    const mailbox = await connectionByAccount('user_42');
    await page.goto(
      `${origin()}/records?connection=${encodeURIComponent(mailbox.id)}&stream=messages`,
    );
    const rows = page.getByTestId('record-row');
    await rows.first().waitFor();
    const summary = await page.getByText(/records?, newest first/).textContent();
    const shown = Number(summary!.replace(/[^0-9]/g, ''));
    const truth = await admin.truth('MICROSOFT_MAIL', 'user_42', 'messages');
    expect(shown).toBe(truth.count);

    await rows.first().getByRole('button').click();
    const json = page.getByRole('region', { name: /JSON of record/ });
    await json.waitFor();
    const text = await json.locator('pre').textContent();
    expect(JSON.parse(text!)).toBeTypeOf('object');
    await screenshot(page, '13-records');
  });

  it('shows job numbers and history analytics that match the API', async () => {
    const mailbox = await connectionByAccount('user_42');
    const data = await api<{
      syncJobs: {
        edges: {
          node: {
            id: string;
            phase: string;
            status: string;
            progress: {
              inserted: number;
              updated: number;
              unchanged: number;
              itemsProcessed: number;
            };
          };
        }[];
      };
    }>(
      `query($id: ID) { syncJobs(connectionId: $id, first: 100) { edges { node {
        id phase status progress { inserted updated unchanged itemsProcessed } } } } }`,
      { id: mailbox.id },
    );
    const recent = data.syncJobs.edges.map((e) => e.node).find((j) => j.phase === 'RECENT')!;
    expect(recent.status).toBe('SUCCEEDED');
    await page.goto(`${origin()}/jobs/${encodeURIComponent(recent.id)}`);
    await page.getByRole('heading', { level: 1, name: /Succeeded/ }).waitFor();
    const count = async (name: string) =>
      Number((await page.getByTestId(`count-${name}`).textContent())!.replace(/,/g, ''));
    expect(await count('new')).toBe(recent.progress.inserted);
    expect(await count('updated')).toBe(recent.progress.updated);
    expect(await count('unchanged')).toBe(recent.progress.unchanged);
    expect(await count('processed')).toBe(recent.progress.itemsProcessed);
    await page.getByRole('img', { name: /Chunk timeline/ }).waitFor();
    await screenshot(page, '14-job-detail');

    await page.getByRole('link', { name: 'History' }).first().click();
    await page.getByRole('heading', { name: 'Sync history' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByTestId('stat-success-rate').textContent()).toMatch(/%$/);
    await screenshot(page, '15-history');
  });

  it('fits a phone screen and is reachable by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin()}/`);
    await page.locator('[data-testid=connection-card]').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '16-phone-connections');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached =
        (await page.evaluate(() => document.activeElement?.textContent)) === 'Connect account';
    }
    expect(reached).toBe(true);
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  it('measures how long the production build takes to load', async () => {
    const fresh = await suite.browser.context.newPage();
    await fresh.goto(`${origin()}/`, { waitUntil: 'load' });
    const timing = await fresh.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return {
        load: nav!.loadEventEnd - nav!.startTime,
        dcl: nav!.domContentLoadedEventEnd - nav!.startTime,
      };
    });
    console.log(
      `dashboard load on localhost: load event ${timing.load.toFixed(0)} ms, DOMContentLoaded ${timing.dcl.toFixed(0)} ms`,
    );
    expect(timing.load).toBeGreaterThan(0);
    await fresh.close();
  });
});
