import { createMicrosoftMailConnector, defaultConnectors } from '@tributary/connectors';
import type { ProviderId, SourceConnector } from '@tributary/core';

export const connectors: Record<ProviderId, SourceConnector> = { ...defaultConnectors };

export type MicrosoftAppSettings = { clientId: string; clientSecret?: string; tenant?: string };

/**
 * The connectors a worker runs with. Microsoft tokens are refreshed with the same app
 * registration the API's OAuth flow used (MICROSOFT_CLIENT_ID / _SECRET / _TENANT).
 */
export function connectorsFor(microsoft: MicrosoftAppSettings | undefined) {
  if (!microsoft) return connectors;
  return { ...connectors, MICROSOFT_MAIL: createMicrosoftMailConnector({ oauth: microsoft }) };
}
