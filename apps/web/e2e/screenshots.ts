import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const directory = resolve(import.meta.dirname, '../../../.test-artifacts/screenshots');
const docsDirectory = resolve(import.meta.dirname, '../../../docs/screenshots');

/** Saves a full-page screenshot under .test-artifacts/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Saves the viewport as docs/screenshots/<name>.png, the README's pictures of the main states:
 * written by the browser tests, so they show the dashboard as it is.
 */
export async function docsScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(docsDirectory, { recursive: true });
  const path = join(docsDirectory, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
