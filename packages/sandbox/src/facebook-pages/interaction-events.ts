/**
 * The product's `interaction_events` stream, derived from messages (design.md): one event per
 * message, `ie_<message id>`, `message_sent` when the Page wrote it (its `from` is the Page),
 * else `message_received`. Written here again from that contract, not imported from the
 * connector, so a connector that derives events wrongly disagrees with the truth.
 */
type Participant = { id: string; name?: string; email?: string };

/** A message as Graph returns it (https://developers.facebook.com/docs/graph-api/reference/message). */
export type TruthMessage = { id: string; created_time: string; from?: Participant };

export function interactionEventOf(
  message: TruthMessage,
  conversationId: string,
  pageId: string,
): { id: string } & Record<string, unknown> {
  return {
    id: `ie_${message.id}`,
    type: message.from?.id === pageId ? 'message_sent' : 'message_received',
    at: message.created_time,
    sender: message.from ?? null,
    conversation_id: conversationId,
  };
}
