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

/**
 * `fields` of a conversations page: the conversation fields and, through field expansion, its
 * newest messages inline, so one request reads a whole page of conversations with their messages.
 * https://developers.facebook.com/docs/graph-api/guides/field-expansion
 */
export const CONVERSATION_PAGE_FIELDS = [
  ...CONVERSATION_FIELDS,
  `messages.limit(${MESSAGES_PER_CONVERSATION}){${MESSAGE_FIELDS.join(',')}}`,
].join(',');

/**
 * Pages expose no creation time, and the conversations edge cannot be read oldest first, so
 * where a Page's history begins is unknown until the edge is read to its end. Facebook Pages
 * launched on 2007-11-06: no Page's conversations are older.
 */
export const PAGES_HISTORY_FLOOR = new Date('2007-11-06T00:00:00Z');
