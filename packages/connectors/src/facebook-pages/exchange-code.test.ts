import { describeGraphCodeExchange } from '../facebook-graph/exchange-code.suite.ts';
import { createFacebookPagesConnector } from './connector.ts';

describeGraphCodeExchange(createFacebookPagesConnector());
