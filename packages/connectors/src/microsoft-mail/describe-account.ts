import { type AccountInfo, type ConnectionContext, isProviderError } from '@tributary/core';
import { graphGet } from './graph-get.ts';
import { mailboxSettingsSchema, messagePageSchema, userSchema } from './graph-schemas.ts';
import { graphUrl, userPath } from './graph-url.ts';

type Context = ConnectionContext & { signal: AbortSignal };

/**
 * The mailbox's display name, how far back its history goes, and its time zone. History
 * starts at the earlier of the user's `createdDateTime` and the oldest received message:
 * migrated mailboxes hold mail older than the account.
 */
export async function describeMailbox(context: Context): Promise<AccountInfo> {
  const user = userPath(context.accountId);
  const [profile, oldest, timezone] = await Promise.all([
    graphGet(
      context,
      graphUrl(context.baseUrl, user, { $select: 'displayName,mail,createdDateTime' }),
      userSchema,
    ),
    graphGet(
      context,
      graphUrl(context.baseUrl, `${user}/messages`, {
        $select: 'receivedDateTime',
        $orderby: 'receivedDateTime asc',
        $top: '1',
      }),
      messagePageSchema,
    ),
    mailboxTimeZone(context, user),
  ]);
  const candidates = [profile.body.createdDateTime, oldest.body.value[0]?.receivedDateTime]
    .filter((d): d is string => typeof d === 'string')
    .map((d) => new Date(d).getTime());
  return {
    name: profile.body.displayName ?? profile.body.mail ?? context.accountId,
    createdAt: new Date(candidates.length > 0 ? Math.min(...candidates) : Date.now()),
    ...(timezone ? { timezone } : {}),
  };
}

/** Reading mailbox settings needs MailboxSettings.Read; without it the zone is just unknown. */
async function mailboxTimeZone(context: Context, user: string): Promise<string | undefined> {
  try {
    const { body } = await graphGet(
      context,
      graphUrl(context.baseUrl, `${user}/mailboxSettings`),
      mailboxSettingsSchema,
    );
    return body.timeZone ?? undefined;
  } catch (error) {
    if (isProviderError(error) && error.kind === 'permanent') return undefined;
    throw error;
  }
}
