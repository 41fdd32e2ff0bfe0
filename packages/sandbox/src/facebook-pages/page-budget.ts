import { type PageAccount, updatedMs } from './page-account.ts';

const DAY_MS = 86_400_000;

/**
 * Calls a Page token may make: "Calls within 24 hours = 4800 * Number of Engaged Users" (Pages
 * Business Use Case rate limit, https://developers.facebook.com/docs/graph-api/overview/rate-limiting#pages,
 * throttled with code 80001 and reported in `X-Business-Use-Case-Usage` type `pages`). Engaged
 * users are "the people the business can message through Messenger"
 * (https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting):
 * those who wrote to the Page within the standard 24-hour messaging window. At least one, so a
 * quiet Page still has a budget.
 */
export const CALLS_PER_ENGAGED_USER = 4800;
export const BUDGET_WINDOW_MS = DAY_MS;

export function engagedUsers(account: PageAccount, now: Date): number {
  const since = now.getTime() - DAY_MS;
  let engaged = 0;
  for (const conversation of account.conversationsNewestFirst()) {
    if (updatedMs(conversation) < since) break;
    const lastFromCustomer = conversation.messages.findLast((m) => !m.fromPage);
    if (lastFromCustomer && lastFromCustomer.createdMs >= since) engaged++;
  }
  return Math.max(1, engaged);
}

export function pageBudget(
  account: PageAccount,
  now: Date,
): { requests: number; windowMs: number } {
  return {
    requests: CALLS_PER_ENGAGED_USER * engagedUsers(account, now),
    windowMs: BUDGET_WINDOW_MS,
  };
}
