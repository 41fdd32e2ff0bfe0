import type { PageRequest, SourceConnector } from '@tributary/core';
import { invalidInput } from './chunk-input.ts';
import { describeMailbox } from './describe-account.ts';
import { exchangeCode } from './exchange-code.ts';
import { listMailbox } from './list-mailbox.ts';
import { readFolders } from './read-folders.ts';
import { estimateMessageDelta, readMessageDelta } from './read-message-delta.ts';
import { estimateMessageWindow, readMessageWindow } from './read-message-window.ts';
import { type MicrosoftOAuthOptions, refreshCredentials } from './refresh-credentials.ts';
import { MICROSOFT_MAIL_STREAMS } from './streams.ts';

export type MicrosoftMailConnectorOptions = {
  /** The app registration refreshing tokens; the sandbox accepts any client id. */
  oauth?: MicrosoftOAuthOptions;
};

/**
 * Microsoft Graph mail. Chunk kinds:
 * - `{stream: 'mail_folders', kind: 'folders'}`: every folder at every depth
 * - `{stream: 'messages', kind: 'window', params: {folderId}, windowStart, windowEnd}` (custom
 *   ranges: delta's `$filter` takes no upper bound)
 * - `{stream: 'messages', kind: 'delta', params: {folderId, receivedSince?, stopBefore?}}`: the
 *   initial read (newest first; `stopBefore` ends RECENT's share and hands the round's nextLink
 *   on as `{historyFrom: {nextLink}}`), and every incremental read after it
 */
export function createMicrosoftMailConnector(
  options: MicrosoftMailConnectorOptions = {},
): SourceConnector {
  const oauth = options.oauth ?? { clientId: 'tributary-sandbox' };
  return {
    provider: 'MICROSOFT_MAIL',
    streams: MICROSOFT_MAIL_STREAMS,
    describeAccount: describeMailbox,
    listAccounts: listMailbox,
    // async: a bad chunk rejects like every other failure instead of throwing synchronously.
    async readPage(request) {
      switch (chunkKind(request)) {
        case 'folders':
          return readFolders(request);
        case 'window':
          return readMessageWindow(request);
        case 'delta':
          return readMessageDelta(request);
      }
    },
    async estimate(request) {
      switch (chunkKind(request)) {
        case 'folders':
          return undefined;
        case 'window':
          return estimateMessageWindow(request);
        case 'delta':
          return estimateMessageDelta(request);
      }
    },
    refresh: (context) => refreshCredentials(context, oauth),
    exchangeCode,
  };
}

function chunkKind(request: Omit<PageRequest, 'cursor'>): 'folders' | 'window' | 'delta' {
  const { stream, kind } = request.chunk;
  if (stream === 'mail_folders' && kind === 'folders') return 'folders';
  if (stream === 'messages' && (kind === 'window' || kind === 'delta')) return kind;
  throw invalidInput(
    `no chunk kind ${stream}/${kind} (mail_folders/folders, messages/window, messages/delta)`,
  );
}

export const microsoftMailConnector: SourceConnector = createMicrosoftMailConnector();
