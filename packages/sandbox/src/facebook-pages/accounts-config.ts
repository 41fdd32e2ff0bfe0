import { z } from 'zod';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import { PAGE_TASKS, type PageAccountConfig } from './page-account.ts';

export const DEFAULT_PAGE_ACCOUNTS: PageAccountConfig[] = [
  { id: 'page_2001', name: 'Tributary Demo Shop', conversations: 1000, ageDays: 730 },
];

const pageAccountEntry = z.object({
  provider: z.literal('FACEBOOK_PAGES'),
  id: z.string().regex(/^page_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/, 'page ids look like page_2001'),
  name: z.string().min(1).optional(),
  conversations: z.number().int().min(0).max(100_000).default(1000),
  ageDays: z.number().int().min(1).max(3650).default(730),
  // A Page the signed-in user does not manage, or manages without some tasks (no MESSAGING).
  managed: z.boolean().default(true),
  tasks: z.array(z.enum(PAGE_TASKS)).optional(),
});

/**
 * `reset` accounts: entries for other providers are ignored; a list without any Pages entry
 * leaves the Pages emulator with no accounts (the list replaces the defaults).
 */
export function parsePageAccounts(accounts: unknown[] | undefined): PageAccountConfig[] {
  if (accounts === undefined) return DEFAULT_PAGE_ACCOUNTS;
  const mine = accounts.filter(
    (a) =>
      typeof a === 'object' &&
      a !== null &&
      (a as { provider?: unknown }).provider === 'FACEBOOK_PAGES',
  );
  return mine.map((entry, i) => {
    const parsed = pageAccountEntry.safeParse(entry);
    if (!parsed.success)
      throw new SandboxInputError(
        `accounts.${i}`,
        `FACEBOOK_PAGES sandbox: account ${i} is invalid: ${z.prettifyError(parsed.error)}`,
      );
    const { id, name, conversations, ageDays, managed, tasks } = parsed.data;
    return {
      id,
      name: name ?? `Sandbox Page ${id.slice('page_'.length)}`,
      conversations,
      ageDays,
      managed,
      ...(tasks ? { tasks } : {}),
    };
  });
}

/** The server passes its whole admin body (provider, accountId too): only the ops are checked. */
const mutateOps = z.object({
  add: z
    .object({
      conversations: z.number().int().min(0).max(10_000).default(0),
      messages: z.number().int().min(0).max(100_000).default(0),
    })
    .strict()
    .default({ conversations: 0, messages: 0 }),
  update: z
    .never({ error: 'update is not supported: Messenger messages cannot be edited' })
    .optional(),
  remove: z.never({ error: 'remove is not supported by the Pages sandbox' }).optional(),
});

export type PageMutation = { conversations: number; messages: number };

export function parsePageMutation(ops: unknown): PageMutation {
  const parsed = mutateOps.safeParse(ops);
  if (!parsed.success)
    throw new SandboxInputError(
      parsed.error.issues[0]?.path.join('.') || '(body)',
      `FACEBOOK_PAGES sandbox: invalid mutation: ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data.add;
}
