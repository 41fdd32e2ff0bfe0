// Sandbox only: the provider emulator's admin API stands in for mail arriving, changing and
// being deleted at Microsoft between two syncs. A real integration has no such call.

export type MailboxChanges = { add: number; update: number; remove: number };

export async function changeSandboxMailbox(
  sandboxUrl: string,
  accountId: string,
  changes: MailboxChanges,
): Promise<void> {
  const res = await fetch(`${sandboxUrl.replace(/\/$/, '')}/__sandbox/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'MICROSOFT_MAIL', accountId, ...changes }),
  });
  if (!res.ok) throw new Error(`sandbox mutate: ${res.status} ${await res.text()}`);
}
