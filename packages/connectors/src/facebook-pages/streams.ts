import type { StreamDefinition } from '@tributary/core';

const participant = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
};

/** Graph timestamps look like `2024-05-01T10:20:30+0000`. */
const graphTime = { type: 'string', description: 'Graph timestamp, e.g. 2024-05-01T10:20:30+0000' };

export const FACEBOOK_PAGES_STREAMS = [
  {
    name: 'conversations',
    primaryKey: 'id',
    cursorField: 'updated_time',
    description: 'Messenger conversations of the Page, as the conversations edge returns them.',
    jsonSchema: {
      type: 'object',
      required: ['id', 'updated_time'],
      properties: {
        id: { type: 'string' },
        updated_time: graphTime,
        message_count: { type: 'integer' },
        unread_count: { type: 'integer' },
        participants: {
          type: 'object',
          properties: { data: { type: 'array', items: participant } },
        },
        snippet: { type: 'string' },
      },
    },
  },
  {
    name: 'messages',
    primaryKey: 'id',
    cursorField: 'created_time',
    description: 'The 25 most recent messages of each synced conversation.',
    jsonSchema: {
      type: 'object',
      required: ['id', 'created_time'],
      properties: {
        id: { type: 'string' },
        created_time: graphTime,
        from: participant,
        to: { type: 'object', properties: { data: { type: 'array', items: participant } } },
        message: { type: 'string' },
      },
    },
  },
  {
    name: 'interaction_events',
    primaryKey: 'id',
    cursorField: 'at',
    description:
      'One event per synced message: message_received (from a customer) or message_sent (from the Page).',
    jsonSchema: {
      type: 'object',
      required: ['id', 'type', 'at', 'conversation_id'],
      properties: {
        id: { type: 'string', description: 'ie_<message id>' },
        type: { enum: ['message_received', 'message_sent'] },
        at: graphTime,
        sender: { anyOf: [participant, { type: 'null' }] },
        conversation_id: { type: 'string' },
      },
    },
  },
] as const satisfies readonly StreamDefinition[];
