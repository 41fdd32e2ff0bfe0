import type { SourceConnector } from '@tributary/core';
import { describePage } from './describe-page.ts';
import { exchangePageCode, pageCredentials } from './exchange-page-code.ts';
import { exchangeToken, type FacebookApp } from './exchange-token.ts';
import { listPages } from './list-pages.ts';
import { readConversationsPage } from './read-conversations-page.ts';
import { FACEBOOK_PAGES_STREAMS } from './streams.ts';

/**
 * Facebook Page Messenger. One chunk kind, `{stream: 'conversations', kind: 'conversations',
 * windowStart?, windowEnd?, params?: {stopAtUpdatedTime?: ISO}}`, whose pages carry records of
 * all three streams; the last page's `streamCursor` is `{newestUpdatedTime}` for the next
 * incremental read's `stopAtUpdatedTime`.
 */
export function createFacebookPagesConnector(app?: FacebookApp): SourceConnector {
  return {
    provider: 'FACEBOOK_PAGES',
    streams: FACEBOOK_PAGES_STREAMS,
    describeAccount: describePage,
    readPage: readConversationsPage,
    refresh: (context) => exchangeToken(context, app ?? appFromEnv()),
    exchangeCode: exchangePageCode,
    listAccounts: listPages,
    accountCredentials: pageCredentials,
  };
}

/** The app from `FACEBOOK_APP_ID` / `FACEBOOK_APP_SECRET`; the sandbox accepts any values. */
function appFromEnv(): FacebookApp {
  return {
    appId: process.env.FACEBOOK_APP_ID ?? 'tributary-sandbox',
    appSecret: process.env.FACEBOOK_APP_SECRET ?? 'tributary-sandbox',
  };
}

export const facebookPagesConnector: SourceConnector = createFacebookPagesConnector();
