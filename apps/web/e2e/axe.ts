import { createRequire } from 'node:module';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * WCAG 2.2 A and AA plus axe's best practices. These include every rule about names and
 * roles: label, button-name, link-name, select-name, aria-*, aria-progressbar-name,
 * aria-dialog-name, label-content-name-mismatch (WCAG 2.5.3 Label in Name), color-contrast,
 * document-title, region, heading-order.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Rules that must have run on every audit: a tag change that drops one fails loudly. */
const MUST_RUN = [
  'label',
  'button-name',
  'link-name',
  'select-name',
  'aria-allowed-attr',
  'aria-valid-attr-value',
  'aria-required-attr',
  'aria-progressbar-name',
  'aria-dialog-name',
  'label-content-name-mismatch',
  'color-contrast',
  'document-title',
];

export type Audit = {
  /** One line per failing element: rule, what it needs, the element, why. */
  violations: string[];
  /** Rules that found something to check on this page (passed or not). */
  applied: Set<string>;
};

/**
 * Runs axe-core in the page (injected once per document) over everything shown, modal
 * dialogs included, and reports what fails.
 */
export async function audit(page: Page): Promise<Audit> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: axeSource });
  }
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    TAGS,
  );
  const ran = new Set(
    [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map(
      (rule) => rule.id,
    ),
  );
  const missing = MUST_RUN.filter((id) => !ran.has(id));
  if (missing.length > 0) throw new Error(`axe did not run ${missing.join(', ')}`);
  return {
    violations: results.violations.flatMap(describe),
    applied: new Set([...results.passes, ...results.violations].map((rule) => rule.id)),
  };
}

function describe(rule: Result): string[] {
  return rule.nodes.map(
    (node) =>
      `${rule.id}: ${rule.help} — ${node.target.join(' ')} ${node.html.slice(0, 160)}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
  );
}
