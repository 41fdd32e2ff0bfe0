import {
  facebookAdsConnector,
  facebookPagesConnector,
  microsoftMailConnector,
} from '@tributary/connectors';
import type { ProviderId, SourceConnector } from '@tributary/core';

export const connectors: Record<ProviderId, SourceConnector> = {
  FACEBOOK_ADS: facebookAdsConnector,
  FACEBOOK_PAGES: facebookPagesConnector,
  MICROSOFT_MAIL: microsoftMailConnector,
};
