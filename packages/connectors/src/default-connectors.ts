import type { ProviderId, SourceConnector } from '@tributary/core';
import { facebookAdsConnector } from './facebook-ads/index.ts';
import { facebookPagesConnector } from './facebook-pages/index.ts';
import { microsoftMailConnector } from './microsoft-mail/index.ts';

/** One connector per provider, with default settings (the worker swaps in its Microsoft app). */
export const defaultConnectors: Readonly<Record<ProviderId, SourceConnector>> = {
  FACEBOOK_ADS: facebookAdsConnector,
  FACEBOOK_PAGES: facebookPagesConnector,
  MICROSOFT_MAIL: microsoftMailConnector,
};
