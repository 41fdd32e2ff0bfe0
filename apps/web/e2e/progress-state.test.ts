import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiActions } from './api-actions.ts';
import { browserSuite } from './browser-suite.ts';
import { graphql } from './graphql.ts';
import type { SandboxAdmin } from './sandbox.ts';
import { docsScreenshot } from './screenshots.ts';
import type { RunningSystem } from './system.ts';

/**
 * What the dashboard says about time and state during real syncs (start script, embedded
 * Postgres, sandbox with latency, API, worker) in Debian's Chromium: the ETA and percent of
 * phase 1, history's ETA, and the header badge. Writes the README's screenshots.
 */

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_1001', campaigns: 5, adsets: 10, ads: 15, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_2001', conversations: 10, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: 100, ageDays: 200 },
  // Messenger has no count: its percent and ETA come from how far back paging has reached.
  { provider: 'FACEBOOK_PAGES', id: 'page_77', conversations: 600, ageDays: 200 },
  { provider: 'FACEBOOK_ADS', id: 'act_88', campaigns: 10, adsets: 20, ads: 30, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_88', messages: 50, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_89', messages: 1500, ageDays: 120 },
  { provider: 'MICROSOFT_MAIL', id: 'user_90', messages: 20, ageDays: 30 },
];

const LONG = 120_000;

const suite = browserSuite({ accounts: ACCOUNTS });
const { api } = suite;
// The dashboard's own connect flow is tested in dashboard.test.ts.
const { createConnection, startInitial } = apiActions(api);
let system: RunningSystem;
let page: Page;
let admin: SandboxAdmin;

beforeAll(() => {
  ({ system, page, admin } = suite);
});

async function connectByPastingToken(fields: {
  provider: string;
  accountId: string;
  name: string;
  token: string;
}) {
  await page.goto(system.dashboardUrl);
  await page.getByRole('button', { name: 'Connect account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect an account' });
  await dialog.waitFor();
  await dialog.getByLabel('Provider', { exact: true }).selectOption(fields.provider);
  // Signing in and picking is the primary path; the id is typed only when pasting a token.
  await dialog.getByRole('button', { name: 'Paste a token instead' }).click();
  await dialog.getByLabel('Account id').fill(fields.accountId);
  await dialog.getByLabel('Display name (optional)').fill(fields.name);
  await dialog.getByLabel('Access token').fill(fields.token);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Every value the page shows while it changes, recorded in the page on each DOM mutation. */
type Sample = {
  status: string | null;
  percent: string | null;
  etaSeconds: string | null;
  badgeCount: string | null;
};

async function recordSamples() {
  await page.evaluate(() => {
    const samples: unknown[] = [];
    (window as unknown as { samples: unknown[] }).samples = samples;
    const take = () => {
      const modal = document.querySelector<HTMLElement>('[data-testid=initial-sync]');
      samples.push({
        status: modal?.dataset.status ?? null,
        percent: document.querySelector('[data-testid=initial-sync-percent]')?.textContent ?? null,
        etaSeconds:
          document.querySelector('[data-testid=count-time-left]')?.getAttribute('data-seconds') ??
          null,
        badgeCount:
          document.querySelector<HTMLElement>('[data-testid=activity-badge]')?.dataset.count ??
          null,
      });
    };
    new MutationObserver(take).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

const samples = () =>
  page.evaluate(() => (window as unknown as { samples: unknown[] }).samples) as Promise<Sample[]>;

describe('progress that tells the truth', () => {
  it(
    'counts phase 1 down with an ETA, never moves percent back, and gives history’s time on success and on the badge',
    async () => {
      await admin.setFaults({
        // Pages read a page of 25 conversations per request: slow enough that phase 1 lasts.
        providers: { FACEBOOK_PAGES: { accounts: { page_77: { latencyMs: 900 } } } },
      });
      await connectByPastingToken({
        provider: 'FACEBOOK_PAGES',
        accountId: 'page_77',
        name: 'Support inbox',
        token: 'sandbox-token-77',
      });
      const modal = page.getByTestId('initial-sync');
      await modal.waitFor();
      await recordSamples();

      const timeLeft = modal.getByTestId('count-time-left');
      await timeLeft.filter({ hasText: / left/ }).waitFor({ timeout: LONG });
      expect(await modal.getByTestId('count-finishes').textContent()).toMatch(
        /^ · done by \d\d:\d\d$/,
      );
      await docsScreenshot(page, 'phase-1-modal');
      expect(await timeLeft.textContent()).toMatch(
        /^(about \d+ min|less than a minute) left · done by \d\d:\d\d$/,
      );

      await modal
        .getByText('Your recent data is ready. History is syncing in the background')
        .waitFor({ timeout: LONG });
      // History's time, projected from phase 1's pace before it has a rate of its own.
      await modal
        .getByTestId('history-eta')
        .filter({ hasText: /^ ?History: (about \d+ min|less than a minute)\.$/ })
        .waitFor();

      const seen = await samples();
      const running = seen.filter((s) => s.status === 'RUNNING');
      const percents = seen.filter((s) => s.percent).map((s) => Number.parseFloat(s.percent!));
      const backwards = percents.filter((p, i) => i > 0 && p < percents[i - 1]!);
      expect(backwards).toEqual([]);
      expect(percents.at(-1)).toBe(100);
      // The ETA counts down over the phase.
      const etas = running.filter((s) => s.etaSeconds).map((s) => Number(s.etaSeconds));
      expect(etas.length).toBeGreaterThan(1);
      expect(etas.at(-1)!).toBeLessThan(etas[0]!);
      // Phase 2 is queued during phase 1: the badge (once the activity feed has the job)
      // counts the one job running.
      const counts = new Set(running.map((s) => s.badgeCount).filter((c) => c !== null));
      expect([...counts]).toEqual(['1']);

      await modal.waitFor({ state: 'detached', timeout: 10_000 });
      const badge = page.getByTestId('activity-badge');
      await badge
        .getByTestId('activity-badge-eta')
        .filter({ hasText: / left$/ })
        .waitFor();
      expect(await badge.getAttribute('data-count')).toBe('1');
      await docsScreenshot(page, 'background-badge');

      // It opens the running job: history.
      await badge.click();
      await page.getByRole('heading', { level: 1, name: /Phase 2/ }).waitFor();
      expect(await page.title()).toBe('Phase 2 · history · Support inbox — Tributary');
      await page.getByTestId('count-time-left').filter({ hasText: / left/ }).waitFor();
      await docsScreenshot(page, 'job-page');
      await page.getByRole('heading', { level: 1, name: /Succeeded/ }).waitFor({ timeout: LONG });
      await admin.clearFaults();
    },
    LONG * 3,
  );

  it(
    'shows the same chunk numbers in legend and summary, a cancel as neutral, and Resume on the card',
    async () => {
      await admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_88: { latencyMs: 1200 } } } },
      });
      const connectionId = await createConnection('FACEBOOK_ADS', 'act_88', 'Slow ads');
      const jobId = await startInitial(connectionId);
      await page.goto(`${new URL(system.dashboardUrl).origin}/jobs/${encodeURIComponent(jobId)}`);
      await page.getByRole('heading', { level: 1, name: /Running/ }).waitFor({ timeout: LONG });
      await page.getByRole('img', { name: /Chunk timeline/ }).waitFor({ timeout: LONG });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { level: 1, name: /Cancelled/ }).waitFor({ timeout: LONG });
      // Legend and summary read the same counts, so they agree whatever moment is shown.
      const shown = await page.evaluate(() => {
        const n = (id: string) =>
          Number(document.querySelector(`[data-testid=legend-${id}]`)?.textContent);
        return {
          summary: document.querySelector('[data-testid=chunk-summary]')?.textContent ?? '',
          done: n('SUCCEEDED'),
          running: n('RUNNING'),
          failed: n('FAILED'),
        };
      });
      expect(shown.summary).toContain(`Chunks: ${shown.done}/`);
      expect(shown.summary).toContain(`· ${shown.running} running`);
      expect(shown.summary).toContain(`· ${shown.failed} failed`);
      expect(shown.running).toBe(0);
      // The user's own cancel is not an error.
      expect(await page.locator('.pill--error').count()).toBe(0);
      expect(await page.locator('.progress--error').count()).toBe(0);

      await page.getByRole('link', { name: 'Connections' }).first().click();
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Slow ads' });
      const problem = card.getByTestId('connection-problem');
      await problem.getByText('Last sync was cancelled').waitFor();
      expect(await problem.getAttribute('data-tone')).toBe('neutral');
      await admin.clearFaults();
      await card.getByRole('button', { name: 'Resume Slow ads' }).click();
      await card.getByRole('button', { name: 'Syncing… Slow ads' }).waitFor();
      await problem.waitFor({ state: 'detached', timeout: LONG });
      // It finishes before the next test starts, so no sync of it competes with theirs.
      await card.getByRole('button', { name: 'Sync now Slow ads' }).waitFor({ timeout: LONG * 2 });
    },
    LONG * 4,
  );

  it(
    'shows a failed sync on its card, live, with the reason and the action that fixes it',
    async () => {
      await createConnection('MICROSOFT_MAIL', 'user_88', 'Locked mailbox');
      // A connection made elsewhere appears on the next load.
      await page.goto(system.dashboardUrl);
      await page.reload();
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Locked mailbox' });
      await card.waitFor();
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_88: { tokenExpired: true } } } },
      });
      await card.getByRole('button', { name: 'Sync now Locked mailbox' }).click();
      // No reload: the card follows the live feed.
      const problem = card.getByTestId('connection-problem');
      await problem.getByText('Sign-in expired').waitFor({ timeout: LONG });
      expect(await problem.getAttribute('data-tone')).toBe('error');
      await card.getByRole('button', { name: 'Sync now Locked mailbox' }).waitFor();
      // The card explains the failure; the job page tells cause, fix and the raw answer.
      await problem
        .getByText('Microsoft no longer accepts the sign-in for this mailbox.')
        .waitFor();
      await docsScreenshot(page, 'connections-failed-card');
      await problem.getByRole('link', { name: 'See what happened' }).click();
      const explained = page.getByTestId('job-error').getByTestId('error-explanation');
      await explained
        .getByText('Microsoft no longer accepts the sign-in for this mailbox.')
        .waitFor();
      await explained.getByText(/^Reconnect the account/).waitFor();
      const raw = explained.locator('pre');
      expect(await raw.isVisible()).toBe(false);
      await explained.getByText('Details').click();
      expect(await raw.textContent()).toContain('HTTP 401');
      await page.goBack();
      await admin.clearFaults();
      await card.getByRole('button', { name: 'Reconnect Locked mailbox' }).click();
      const dialog = page.getByRole('dialog', { name: 'Reconnect Locked mailbox' });
      await dialog.getByLabel('New access token').fill('sandbox-token-renewed');
      await dialog.getByRole('button', { name: 'Reconnect' }).click();
      await dialog.waitFor({ state: 'detached' });
      // Reconnected: what remains is the failed sync, with Retry.
      await card.getByRole('button', { name: 'Retry Locked mailbox' }).click();
      await problem.waitFor({ state: 'detached', timeout: LONG });
    },
    LONG * 3,
  );

  it(
    'coalesces a burst of rate-limit waits into rows with a count, opens the log at the newest event, and toasts once',
    async () => {
      // A tight provider limit: every lane keeps hitting it.
      await admin.setFaults({
        providers: {
          MICROSOFT_MAIL: { accounts: { user_89: { rateLimit: { requests: 4, windowMs: 1500 } } } },
        },
      });
      const connectionId = await createConnection('MICROSOFT_MAIL', 'user_89', 'Busy mailbox');
      await page.goto(system.dashboardUrl);
      await page.reload();
      await page.evaluate(() => {
        const toasts: string[] = [];
        (window as unknown as { toasts: string[] }).toasts = toasts;
        new MutationObserver((mutations) => {
          for (const m of mutations) {
            for (const node of m.addedNodes) {
              if (node instanceof HTMLElement && node.matches('.toast')) {
                toasts.push(node.textContent ?? '');
              }
            }
          }
        }).observe(document.body, { subtree: true, childList: true });
      });
      const jobId = await startInitial(connectionId);
      // The connections page stays open (its toasts are what is counted) until phase 1 ends.
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Busy mailbox' });
      await card
        .locator('.phase', { hasText: 'Phase 1' })
        .getByText('100%')
        .waitFor({ timeout: LONG * 4 });
      const toasts = await page.evaluate(() => (window as unknown as { toasts: string[] }).toasts);
      const rateToasts = toasts.filter((t) => t.includes('Rate limit reached'));
      // One per job and kind: phase 1, and phase 2 if it started and hit the limit by now,
      // however many waits the log holds.
      expect(rateToasts.length).toBeGreaterThanOrEqual(1);
      expect(rateToasts.length).toBeLessThanOrEqual(2);

      await page.goto(`${new URL(system.dashboardUrl).origin}/jobs/${encodeURIComponent(jobId)}`);
      await page.getByRole('heading', { level: 1, name: /Succeeded/ }).waitFor();
      const rows = page.getByRole('list', { name: 'Activity log' }).getByTestId('log-row');
      await rows.first().waitFor();
      // Newest first: the log opens at the end of the sync.
      expect(await rows.first().textContent()).toMatch(/succeeded|complete/i);
      const rateRows = rows.filter({ hasText: 'Rate limit' });
      const counts = await rateRows.evaluateAll((els) =>
        els.map((el) => Number(el.getAttribute('data-count'))),
      );
      expect(Math.max(...counts)).toBeGreaterThan(1);
      const burst = rateRows.and(page.locator('[data-count]:not([data-count="1"])')).first();
      expect(await burst.textContent()).toMatch(/\d+ chunks? (pacing|throttled by the provider)/);
      expect(await burst.textContent()).toMatch(/since \d\d:\d\d:\d\d/);
      await burst.scrollIntoViewIfNeeded();
      await docsScreenshot(page, 'job-activity');
      await admin.clearFaults();
    },
    LONG * 5,
  );

  it(
    'runs the account from the dashboard: rename, schedule, disable, enable and delete a connection',
    async () => {
      const connectionId = await createConnection('MICROSOFT_MAIL', 'user_90', 'Old name');
      await page.goto(system.dashboardUrl);
      await page.reload();
      await page.getByRole('link', { name: 'Settings for Old name' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings · Old name' }).waitFor();
      expect(await page.title()).toBe('Settings · Old name — Tributary');
      const connection = () =>
        api<{ node: { displayName: string; scheduleMinutes: number; status: string } | null }>(
          'query($id: ID!) { node(id: $id) { ... on Connection { displayName scheduleMinutes status } } }',
          { id: connectionId },
        ).then((d) => d.node);

      await page.getByLabel('Display name').fill('Finance mailbox');
      await page.getByLabel('Sync schedule').selectOption({ label: 'Every 15 minutes' });
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      expect(await connection()).toMatchObject({
        displayName: 'Finance mailbox',
        scheduleMinutes: 15,
      });
      const streams = await page
        .getByRole('list', { name: 'Streams' })
        .getByRole('link')
        .allTextContents();
      expect(streams).toEqual(['mail_folders', 'messages']);

      await page.getByRole('button', { name: 'Disable connection' }).click();
      await page.getByRole('button', { name: 'Enable connection' }).waitFor();
      expect((await connection())?.status).toBe('DISABLED');
      await docsScreenshot(page, 'settings');
      await page.getByRole('button', { name: 'Enable connection' }).click();
      await page.getByRole('button', { name: 'Disable connection' }).waitFor();
      expect((await connection())?.status).toBe('ACTIVE');

      // The confirmation says what goes; closing it returns focus to its trigger.
      const trigger = page.getByRole('button', { name: 'Delete connection' });
      await trigger.click();
      const confirm = page.getByRole('dialog', { name: 'Delete Finance mailbox?' });
      await confirm
        .getByText('every record synced from user_90 (mail_folders, messages),')
        .waitFor();
      await confirm.getByText('its stored sign-in (the token is deleted).').waitFor();
      // Focus stays inside while it is open.
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        expect(await confirm.evaluate((d) => d.contains(document.activeElement))).toBe(true);
      }
      await page.keyboard.press('Escape');
      await confirm.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.activeElement?.textContent === 'Delete connection');
      expect(await connection()).not.toBeNull();

      await trigger.click();
      await confirm.getByRole('button', { name: 'Delete Finance mailbox' }).click();
      await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
      await page.locator('[data-testid=connection-card]').first().waitFor();
      expect(
        await page.locator('[data-testid=connection-card]', { hasText: 'Finance mailbox' }).count(),
      ).toBe(0);
      expect(await connection()).toBeNull();
    },
    LONG,
  );

  it('creates an API key shown once, lists it, and revokes it', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    expect(await page.title()).toBe('API keys — Tributary');
    await page.getByLabel('Key name').fill('CI export');
    await page.getByLabel('Access').selectOption('READ');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key-value').textContent())!;
    expect(secret).toMatch(/^trb_/);
    // The new key works, read-only.
    const viewer = await graphql<{ viewer: { id: string } }>(
      system.graphqlUrl,
      secret,
      'query { viewer { id } }',
    );
    expect(viewer.viewer.id).toBeTruthy();
    const row = page.getByTestId('api-key-row').filter({ hasText: 'CI export' });
    await row.getByText('Read only').waitFor();
    await docsScreenshot(page, 'api-keys');
    // Shown once: gone after a reload, only its prefix stays.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-key-value').count()).toBe(0);
    expect(await row.textContent()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke CI export' }).click();
    await row.getByText(/^Revoked/).waitFor();
    await expect(graphql(system.graphqlUrl, secret, 'query { viewer { id } }')).rejects.toThrow();
  });

  it('shows the workspace’s sync history with its charts, live', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'History' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sync history' }).waitFor();
    expect(await page.title()).toBe('Sync history — Tributary');
    await page.getByRole('table').waitFor();
    expect(await page.getByTestId('stat-success-rate').textContent()).toMatch(/%$/);
    await docsScreenshot(page, 'history');
  });
});
