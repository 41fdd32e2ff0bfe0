/**
 * The Graph fields the connector asks for. The emulator's ground truth is built from the same
 * lists, so stored record data and `/__sandbox/truth` describe exactly the same JSON.
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

/** The product keeps a conversation's most recent messages only, as the Messenger inbox shows them. */
export const MESSAGES_PER_CONVERSATION = 25;

export const GRAPH_VERSION = 'v21.0';
