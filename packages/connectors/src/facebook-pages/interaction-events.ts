/** A Messenger participant as Graph returns it in `from`, `to.data` and `participants.data`. */
export type GraphParticipant = { id: string; name?: string; email?: string };

export type GraphMessage = {
  id: string;
  created_time: string;
  from?: GraphParticipant;
  to?: { data: GraphParticipant[] };
  message?: string;
};

export type InteractionEvent = {
  id: string;
  type: 'message_received' | 'message_sent';
  at: string;
  sender: GraphParticipant | null;
  conversation_id: string;
};

/**
 * One event per message, id derived from the message id so that re-reading a conversation
 * upserts the same events instead of adding new ones.
 */
export function interactionEventOf(
  message: GraphMessage,
  conversationId: string,
  pageId: string,
): InteractionEvent {
  return {
    id: `ie_${message.id}`,
    type: message.from?.id === pageId ? 'message_sent' : 'message_received',
    at: message.created_time,
    sender: message.from ?? null,
    conversation_id: conversationId,
  };
}
