import { ProviderError } from '@tributary/core';
import { GRAPH_VERSION } from './fields.ts';

export type PageNotGrantedReason = 'not_managed' | 'no_messaging_task';

/**
 * Connecting a Page whose token the signed-in Facebook user cannot give Tributary: the user
 * does not manage the Page (or left it unticked on Facebook's screen), or manages it without
 * the MESSAGING task the Messenger inbox needs. Permanent: the same sign-in fails the same way.
 */
export class PageNotGrantedError extends ProviderError {
  constructor(
    readonly pageId: string,
    readonly reason: PageNotGrantedReason,
    tasks: readonly string[] = [],
  ) {
    super(messageFor(pageId, reason, tasks), {
      provider: 'FACEBOOK_PAGES',
      kind: 'permanent',
      endpoint: `/${GRAPH_VERSION}/me/accounts`,
    });
    this.name = 'PageNotGrantedError';
  }
}

function messageFor(pageId: string, reason: PageNotGrantedReason, tasks: readonly string[]) {
  switch (reason) {
    case 'not_managed':
      return `The signed-in Facebook user does not manage Page ${pageId} (or did not grant it to Tributary). Sign in as someone who manages the Page and tick it on Facebook's screen.`;
    case 'no_messaging_task':
      return `The signed-in Facebook user manages Page ${pageId} without the MESSAGING task (has: ${tasks.join(', ') || 'none'}), so Tributary cannot read its Messenger inbox. Ask a Page admin for Messenger access, then connect again.`;
    default: {
      const unknown: never = reason;
      return unknown;
    }
  }
}
