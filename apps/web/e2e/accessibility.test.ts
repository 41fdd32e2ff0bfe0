import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiActions } from './api-actions.ts';
import { audit } from './axe.ts';
import { browserSuite } from './browser-suite.ts';
import type { SandboxAdmin } from './sandbox.ts';
import { docsScreenshot } from './screenshots.ts';
import type { RunningSystem } from './system.ts';

/**
 * Every screen and state of the dashboard, audited by axe-core in Debian's Chromium against
 * the real system: names that match the visible labels (WCAG 2.5.3), labelled fields, named
 * progress bars, dialogs and tables, contrast in both colour schemes; focus trapped in each
 * dialog and returned to its trigger; each page named in its title.
 */

const ACCOUNTS = [
  { provider: 'FACEBOOK_ADS', id: 'act_1001', campaigns: 5, adsets: 10, ads: 15, ageDays: 200 },
  { provider: 'FACEBOOK_PAGES', id: 'page_2001', conversations: 10, ageDays: 200 },
  { provider: 'MICROSOFT_MAIL', id: 'user_3001', messages: 100, ageDays: 200 },
  // Connected through the dialog: its phase 1 modal and the badge. Big enough that phase 1
  // outlasts the audits made while it runs.
  { provider: 'MICROSOFT_MAIL', id: 'user_60', messages: 2000, ageDays: 200 },
  // A job page with its chunk timeline while it runs.
  { provider: 'FACEBOOK_ADS', id: 'act_60', campaigns: 10, adsets: 20, ads: 30, ageDays: 200 },
  // A sign-in that expires: the failed card and the reconnect dialog.
  { provider: 'MICROSOFT_MAIL', id: 'user_61', messages: 20, ageDays: 30 },
];

const LONG = 120_000;

const suite = browserSuite({ accounts: ACCOUNTS });
const { api, origin } = suite;
const { createConnection, startInitial } = apiActions(api);
let system: RunningSystem;
let page: Page;
let admin: SandboxAdmin;

beforeAll(() => {
  ({ system, page, admin } = suite);
});

/** The ads connection whose job page is audited, and whose records are. */
const brandAds = { connectionId: '', jobId: '' };

/** Rules that found something to check, over the whole file. */
const applied = new Set<string>();

async function expectAccessible(state: string) {
  const result = await audit(page);
  for (const id of result.applied) applied.add(id);
  expect(result.violations, state).toEqual([]);
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab around every control of an open dialog: focus never leaves it. */
async function expectFocusTrapped(dialog: Locator) {
  const inside = () => dialog.evaluate((d) => d.contains(document.activeElement));
  // Opening it moved focus in.
  expect(await inside()).toBe(true);
  const controls = await dialog.evaluate(
    (d, selector) =>
      [...d.querySelectorAll(selector)].filter((el) => el.getClientRects().length).length,
    FOCUSABLE,
  );
  expect(controls).toBeGreaterThan(1);
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i <= controls; i++) {
      await page.keyboard.press(key);
      expect(await inside(), `${key} #${i + 1}`).toBe(true);
    }
  }
}

async function expectFocused(target: Locator) {
  const element = await target.elementHandle();
  await page.waitForFunction((el) => el === document.activeElement, element);
}

describe('accessibility', () => {
  it('names the sign-in page and its controls, before and after a rejected key', async () => {
    // A fresh browser holds no key.
    await page.goto(`${origin()}/`);
    await page.getByRole('heading', { name: 'Sign in to Tributary' }).waitFor();
    expect(await page.title()).toBe('Sign in — Tributary');
    await expectAccessible('sign-in');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible('sign-in, key rejected');
  });

  it('names the connections page and every control on its cards', async () => {
    await page.goto(system.dashboardUrl);
    await page.locator('[data-testid=connection-card]').nth(2).waitFor();
    expect(await page.title()).toBe('Connections — Tributary');
    await expectAccessible('connections');
  });

  it('keeps focus in the connect dialog and gives it back to the button that opened it', async () => {
    const trigger = page.getByRole('button', { name: 'Connect account' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Connect an account' });
    await dialog.waitFor();
    await expectFocusTrapped(dialog);
    await expectAccessible('connect dialog, signing in at the provider');
    await docsScreenshot(page, 'connect-dialog');
    await dialog.getByRole('button', { name: 'Paste a token instead' }).click();
    await expectAccessible('connect dialog, pasting a token');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(trigger);

    await trigger.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(trigger);
  });

  it('names every account in the list a sign-in comes back to', async () => {
    await page.goto(system.dashboardUrl);
    await page.getByRole('button', { name: 'Connect account' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect an account' });
    await connect.getByLabel('Provider', { exact: true }).selectOption('FACEBOOK_ADS');
    await connect.getByRole('button', { name: 'Sign in with Facebook' }).click();
    const picker = page.getByRole('dialog', { name: 'Choose an account to connect' });
    await picker.getByRole('radio', { name: /act_60/ }).waitFor({ timeout: LONG });
    await expectFocusTrapped(picker);
    await expectAccessible('connect dialog, picking an account');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
  });

  it(
    'keeps focus in the phase 1 modal, gives it back to the connect button, and names the badge',
    async () => {
      // Slow enough that phase 1 and the badge are there to audit.
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_60: { latencyMs: 2000 } } } },
      });
      await page.goto(system.dashboardUrl);
      const trigger = page.getByRole('button', { name: 'Connect account' });
      await trigger.click();
      const connect = page.getByRole('dialog', { name: 'Connect an account' });
      await connect.getByLabel('Provider', { exact: true }).selectOption('MICROSOFT_MAIL');
      // The id is typed only on the paste-a-token path.
      await connect.getByRole('button', { name: 'Paste a token instead' }).click();
      await connect.getByLabel('Account id').fill('user_60');
      await connect.getByLabel('Display name (optional)').fill('Team mailbox');
      await connect.getByLabel('Access token').fill('sandbox-token-60');
      await connect.getByRole('button', { name: 'Connect', exact: true }).click();

      const modal = page.getByRole('dialog', { name: 'Syncing Team mailbox' });
      await modal.locator('[data-testid=initial-sync][data-status=RUNNING]').waitFor({
        timeout: LONG,
      });
      await expectFocusTrapped(modal);
      await expectAccessible('phase 1 modal, running');
      await modal.getByRole('button', { name: 'Continue in the background' }).click();
      await modal.waitFor({ state: 'detached' });
      // The connect dialog that opened it is gone: focus goes back to what opened that.
      await expectFocused(trigger);

      await page.getByTestId('activity-badge').waitFor();
      await expectAccessible('connections, a sync running, the badge');
      await admin.clearFaults();
    },
    LONG * 2,
  );

  it(
    'names everything on a job page, running with its chunk timeline and finished',
    async () => {
      await admin.setFaults({
        providers: { FACEBOOK_ADS: { accounts: { act_60: { latencyMs: 1500 } } } },
      });
      brandAds.connectionId = await createConnection('FACEBOOK_ADS', 'act_60', 'Brand ads');
      brandAds.jobId = await startInitial(brandAds.connectionId);
      await page.goto(`${origin()}/jobs/${encodeURIComponent(brandAds.jobId)}`);
      await page.getByRole('heading', { level: 1, name: /Running/ }).waitFor({ timeout: LONG });
      await page.getByRole('img', { name: /Chunk timeline/ }).waitFor({ timeout: LONG });
      await expectAccessible('job page, running');
      await admin.clearFaults();
      await page.getByRole('heading', { level: 1, name: /Succeeded/ }).waitFor({ timeout: LONG });
      await page.getByRole('list', { name: 'Activity log' }).waitFor();
      await expectAccessible('job page, succeeded');
    },
    LONG * 3,
  );

  it(
    'names a failed sync on its card, its toast and job page, and the reconnect dialog',
    async () => {
      await createConnection('MICROSOFT_MAIL', 'user_61', 'Sales mailbox');
      await admin.setFaults({
        providers: { MICROSOFT_MAIL: { accounts: { user_61: { tokenExpired: true } } } },
      });
      await page.goto(system.dashboardUrl);
      const card = page.locator('[data-testid=connection-card]', { hasText: 'Sales mailbox' });
      await card.getByRole('button', { name: 'Sync now Sales mailbox' }).click();
      await card.getByTestId('connection-problem').getByText('Sign-in expired').waitFor({
        timeout: LONG,
      });
      await page.locator('.toast').first().waitFor();
      await expectAccessible('connections, a failed card and its toast');

      const trigger = card.getByRole('button', { name: 'Reconnect Sales mailbox' });
      await trigger.click();
      const dialog = page.getByRole('dialog', { name: 'Reconnect Sales mailbox' });
      await dialog.waitFor();
      await expectFocusTrapped(dialog);
      await expectAccessible('reconnect dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expectFocused(trigger);

      await card.getByRole('link', { name: 'See what happened' }).click();
      const explained = page.getByTestId('job-error');
      await explained.getByText('Details').click();
      await expectAccessible('job page, failed, details open');
      await admin.clearFaults();
    },
    LONG * 2,
  );

  it('names the history page, its filters, charts and table', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'History' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sync history' }).waitFor();
    await page.getByRole('table', { name: 'Syncs' }).waitFor();
    await expectAccessible('history');
  });

  it('names the records page and an open record', async () => {
    await page.goto(
      `${origin()}/records?${new URLSearchParams({ connection: brandAds.connectionId, stream: 'campaigns' })}`,
    );
    await page.getByRole('heading', { level: 1, name: 'Records' }).waitFor();
    await page.getByTestId('record-row').first().getByRole('button').click();
    await page.getByRole('region', { name: /JSON of record/ }).waitFor();
    expect(await page.title()).toBe('Records · campaigns — Tributary');
    await expectAccessible('records, one open');
  });

  it('names the settings page and the delete confirmation', async () => {
    await page.goto(system.dashboardUrl);
    await page.getByRole('link', { name: 'Settings for Sales mailbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings · Sales mailbox' }).waitFor();
    await expectAccessible('settings');
    await page.getByRole('button', { name: 'Delete connection' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Sales mailbox?' });
    await confirm.waitFor();
    await expectAccessible('delete confirmation');
    await docsScreenshot(page, 'delete-confirmation');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
  });

  it('names the API keys page with a new key shown', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await page.getByLabel('Key name').fill('Nightly export');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-key-value').waitFor();
    await expectAccessible('API keys, a new key shown once');
  });

  it('names a page that does not exist', async () => {
    await page.goto(`${origin()}/nowhere`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.title()).toBe('Page not found — Tributary');
    await expectAccessible('not found');
  });

  it('keeps text readable in the dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      for (const [path, heading] of [
        ['/', 'Connections'],
        [`/jobs/${encodeURIComponent(brandAds.jobId)}`, /Succeeded/],
        ['/history', 'Sync history'],
        ['/settings/api-keys', 'API keys'],
      ] as const) {
        await page.goto(`${origin()}${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await expectAccessible(`${path}, dark`);
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('checked the rules about names on real elements', () => {
    for (const rule of [
      'label',
      'button-name',
      'link-name',
      'select-name',
      'aria-progressbar-name',
      'label-content-name-mismatch',
      'color-contrast',
      'document-title',
    ]) {
      expect(applied, rule).toContain(rule);
    }
  });
});
