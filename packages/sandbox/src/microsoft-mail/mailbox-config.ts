import { z } from 'zod';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';

/** One mailbox the emulator serves; `reset` accepts a list of these. */
export const mailboxConfigSchema = z.object({
  provider: z.literal('MICROSOFT_MAIL').optional(),
  id: z.string().regex(/^[A-Za-z0-9_.@-]+$/, 'a mailbox id is letters, digits and _ . @ -'),
  messages: z.number().int().min(0).max(200_000).default(5000),
  ageDays: z.number().positive().max(3650).default(730),
  displayName: z.string().optional(),
  timeZone: z.string().default('UTC'),
  /** Delta tokens older than this answer 410 SyncStateNotFound (0: every token is expired). */
  deltaTokenMaxAgeSec: z
    .number()
    .min(0)
    .default(30 * 24 * 3600),
});

export type MailboxConfig = z.output<typeof mailboxConfigSchema>;

export const DEFAULT_MAILBOXES: MailboxConfig[] = [mailboxConfigSchema.parse({ id: 'user_3001' })];

/**
 * The Microsoft mailboxes in a reset's account list (entries for other providers are theirs).
 * None listed keeps the default mailbox.
 */
export function mailboxConfigsFrom(accounts: unknown[] | undefined): MailboxConfig[] {
  if (!accounts) return DEFAULT_MAILBOXES;
  const mine = accounts.filter(
    (a) =>
      typeof a === 'object' &&
      a !== null &&
      ((a as { provider?: unknown }).provider ?? 'MICROSOFT_MAIL') === 'MICROSOFT_MAIL',
  );
  if (mine.length === 0) return DEFAULT_MAILBOXES;
  return mine.map((a) => {
    const parsed = mailboxConfigSchema.safeParse(a);
    if (!parsed.success) {
      throw new SandboxInputError(
        'accounts',
        `Invalid MICROSOFT_MAIL sandbox account: ${z.prettifyError(parsed.error)}`,
      );
    }
    return parsed.data;
  });
}
