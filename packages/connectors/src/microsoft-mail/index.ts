export { classifyMicrosoftResponse } from './classify-response.ts';
export {
  createMicrosoftMailConnector,
  type MicrosoftMailConnectorOptions,
  microsoftMailConnector,
} from './connector.ts';
export { GRAPH_BASE_URL } from './graph-url.ts';
export { FOLDER_FIELDS, MESSAGE_SELECT } from './message-fields.ts';
export type { MicrosoftOAuthOptions } from './refresh-credentials.ts';
export { tokenUrl as microsoftTokenUrl } from './refresh-credentials.ts';
export { MICROSOFT_MAIL_STREAMS } from './streams.ts';
