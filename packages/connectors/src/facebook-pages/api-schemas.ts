import { z } from 'zod';

/** Graph timestamps: `2024-05-01T10:20:30+0000`. */
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;
export const graphTimeString = z.string().regex(GRAPH_TIME, 'not a Graph timestamp');

export function parseGraphTime(value: string): Date {
  // `+0000` → `+00:00`: ISO 8601 form every Date parser accepts.
  return new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

const participant = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
});

/** Fields are checked where the connector relies on them; everything else is kept as sent. */
export const conversationSchema = z.looseObject({
  id: z.string().min(1),
  updated_time: graphTimeString,
  message_count: z.number().int().optional(),
  unread_count: z.number().int().optional(),
  participants: z.looseObject({ data: z.array(participant) }).optional(),
  snippet: z.string().optional(),
});
export type GraphConversation = z.output<typeof conversationSchema>;

export const messageSchema = z.looseObject({
  id: z.string().min(1),
  created_time: graphTimeString,
  from: participant.optional(),
  to: z.looseObject({ data: z.array(participant) }).optional(),
  message: z.string().optional(),
});

/**
 * A conversation with its newest messages expanded inline (`messages.limit(n){...}`):
 * https://developers.facebook.com/docs/graph-api/guides/field-expansion
 */
export const conversationWithMessagesSchema = conversationSchema.extend({
  messages: z.looseObject({ data: z.array(messageSchema) }).optional(),
});
export type GraphConversationWithMessages = z.output<typeof conversationWithMessagesSchema>;

export const pageSchema = z.looseObject({ id: z.string(), name: z.string() });

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});
