import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const directory = resolve(import.meta.dirname, '../../../.test-artifacts/screenshots');

/** Saves a full-page screenshot under .test-artifacts/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
