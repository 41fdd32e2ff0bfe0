import { contentHash, recordsDigest } from '@tributary/core';
import type { TruthResult } from '../shared/types.ts';
import { CONVERSATION_FIELDS, MESSAGE_FIELDS, MESSAGES_PER_CONVERSATION } from './fields.ts';
import { conversationJson, messageJson, pickFields } from './graph-json.ts';
import { interactionEventOf, type TruthMessage } from './interaction-events.ts';
import type { PageAccount } from './page-account.ts';

export const TRUTH_STREAMS = ['conversations', 'messages', 'interaction_events'] as const;
export type PagesStream = (typeof TRUTH_STREAMS)[number];

/**
 * What a complete sync must hold: every conversation; the 25 most recent messages of each
 * (the product keeps no more); one interaction event per kept message. Data is exactly the
 * JSON the API returns for the stored field lists (fields.ts).
 */
export function truthRecords(
  account: PageAccount,
  stream: PagesStream,
): Array<{ externalId: string; data: Record<string, unknown> }> {
  const out: Array<{ externalId: string; data: Record<string, unknown> }> = [];
  for (const conversation of account.conversationsNewestFirst()) {
    if (stream === 'conversations') {
      const data = pickFields(conversationJson(account, conversation), CONVERSATION_FIELDS);
      out.push({ externalId: conversation.id, data });
      continue;
    }
    for (const message of conversation.messages.slice(-MESSAGES_PER_CONVERSATION)) {
      const data = pickFields(messageJson(account, conversation, message), MESSAGE_FIELDS);
      if (stream === 'messages') out.push({ externalId: message.id, data });
      else {
        const event = interactionEventOf(data as TruthMessage, conversation.id, account.page.id);
        out.push({ externalId: event.id, data: event });
      }
    }
  }
  return out;
}

export function truthOf(records: Array<{ externalId: string; data: unknown }>): TruthResult {
  const hashed = records.map((r) => ({
    externalId: r.externalId,
    contentHash: contentHash(r.data),
  }));
  return { count: hashed.length, digest: recordsDigest(hashed) };
}
