/**
 * The fields of the records a complete Messenger sync stores, as the ground truth hashes
 * them. Written from the Graph API reference, not taken from the connector, so a connector
 * that reads a field wrongly disagrees with the truth.
 *
 * Conversation: https://developers.facebook.com/docs/graph-api/reference/conversation
 * Message:      https://developers.facebook.com/docs/graph-api/reference/message
 */
export const CONVERSATION_FIELDS = [
  'id',
  'updated_time',
  'message_count',
  'unread_count',
  'participants',
  'snippet',
] as const;

export const MESSAGE_FIELDS = ['id', 'created_time', 'from', 'to', 'message'] as const;

/**
 * The product keeps a conversation's 25 most recent messages (the Messenger inbox's view);
 * the truth holds no more. This is the product's contract (design.md), not Graph's.
 */
export const MESSAGES_PER_CONVERSATION = 25;
