import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { graphql } from './graphql.ts';
import { sandboxAdmin } from './sandbox.ts';
import { screenshot } from './screenshots.ts';
import { type RunningSystem, startSystem } from './system.ts';

/** What a browser test file drives: the running system, its sandbox, one Chromium page. */
export type BrowserSuite = {
  readonly system: RunningSystem;
  readonly admin: ReturnType<typeof sandboxAdmin>;
  readonly browser: { context: BrowserContext; close(): Promise<void> };
  readonly page: Page;
  /** GraphQL over HTTP with the demo workspace's key, to compare the dashboard with the API. */
  api<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The dashboard's origin (the printed Dashboard URL carries the key in its fragment). */
  origin(): string;
};

/**
 * Registers a browser test file's hooks: the whole system started on fresh data (with `env`
 * added to its environment), the sandbox reseeded with `accounts`, one Chromium page, a
 * screenshot of every failed test, and everything stopped afterwards.
 */
export function browserSuite(options: {
  accounts: Record<string, unknown>[];
  env?: Record<string, string>;
}): BrowserSuite {
  let system: RunningSystem | undefined;
  let admin: ReturnType<typeof sandboxAdmin> | undefined;
  let browser: BrowserSuite['browser'] | undefined;
  let page: Page | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started yet');
    return value;
  };

  beforeAll(async () => {
    system = await startSystem(options.env ? { env: options.env } : {});
    admin = sandboxAdmin(system.sandboxUrl);
    await admin.reset({ accounts: options.accounts });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);

  return {
    get system() {
      return ready(system);
    },
    get admin() {
      return ready(admin);
    },
    get browser() {
      return ready(browser);
    },
    get page() {
      return ready(page);
    },
    api: <T>(query: string, variables: Record<string, unknown> = {}) =>
      graphql<T>(ready(system).graphqlUrl, ready(system).apiKey, query, variables),
    origin: () => new URL(ready(system).dashboardUrl).origin,
  };
}
