import type { StreamDefinition } from '@tributary/core';

const emailAddress = {
  type: 'object',
  properties: {
    emailAddress: {
      type: 'object',
      properties: { name: { type: 'string' }, address: { type: 'string' } },
    },
  },
};

export const MICROSOFT_MAIL_STREAMS: readonly StreamDefinition[] = [
  {
    name: 'mail_folders',
    primaryKey: 'id',
    description:
      'Mail folders of the mailbox at every depth with their item counts (GET /users/{id}/mailFolders, then /mailFolders/{id}/childFolders).',
    jsonSchema: {
      type: 'object',
      required: ['id', 'displayName'],
      properties: {
        id: { type: 'string' },
        displayName: { type: 'string' },
        parentFolderId: { type: 'string' },
        childFolderCount: { type: 'integer' },
        unreadItemCount: { type: 'integer' },
        totalItemCount: { type: 'integer' },
        isHidden: { type: 'boolean' },
      },
    },
  },
  {
    name: 'messages',
    primaryKey: 'id',
    cursorField: 'lastModifiedDateTime',
    description:
      'Messages of every folder: history by receivedDateTime windows, then per-folder delta; removed messages are soft-deleted.',
    jsonSchema: {
      type: 'object',
      required: ['id', 'receivedDateTime'],
      properties: {
        id: { type: 'string' },
        subject: { type: ['string', 'null'] },
        from: emailAddress,
        toRecipients: { type: 'array', items: emailAddress },
        ccRecipients: { type: 'array', items: emailAddress },
        receivedDateTime: { type: 'string', format: 'date-time' },
        sentDateTime: { type: 'string', format: 'date-time' },
        createdDateTime: { type: 'string', format: 'date-time' },
        lastModifiedDateTime: { type: 'string', format: 'date-time' },
        changeKey: { type: 'string' },
        categories: { type: 'array', items: { type: 'string' } },
        importance: { enum: ['low', 'normal', 'high'] },
        isRead: { type: 'boolean' },
        isDraft: { type: 'boolean' },
        flag: { type: 'object', properties: { flagStatus: { type: 'string' } } },
        hasAttachments: { type: 'boolean' },
        conversationId: { type: 'string' },
        parentFolderId: { type: 'string' },
        internetMessageId: { type: 'string' },
        bodyPreview: { type: 'string' },
      },
    },
  },
];
