import { describeGraphCodeExchange } from '../facebook-graph/exchange-code.suite.ts';
import { createFacebookAdsConnector } from './connector.ts';

describeGraphCodeExchange(createFacebookAdsConnector());
