export { ChunkInputError } from './chunk-input-error.ts';
export { createFacebookPagesConnector, facebookPagesConnector } from './connector.ts';
export type { FacebookApp } from './exchange-token.ts';
export type { InteractionEvent } from './interaction-events.ts';
export { PageNotGrantedError, type PageNotGrantedReason } from './page-not-granted-error.ts';
export { FACEBOOK_PAGES_STREAMS } from './streams.ts';
