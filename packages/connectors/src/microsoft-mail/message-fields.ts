/**
 * The message properties the connector asks for (`$select`). The emulator's ground truth
 * (`/__sandbox/truth`) is each live message projected onto exactly this list, so a stored
 * record and the truth hash the same. OData annotations (`@odata.etag`, `@odata.type`) are
 * not data: the connector strips them and the truth never includes them.
 */
export const MESSAGE_SELECT = [
  'id',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'importance',
  'isRead',
  'isDraft',
  'flag',
  'hasAttachments',
  'conversationId',
  'parentFolderId',
  'internetMessageId',
  'bodyPreview',
] as const;

/** Mail folder properties Graph returns by default; the folder records carry all of them. */
export const FOLDER_FIELDS = [
  'id',
  'displayName',
  'parentFolderId',
  'childFolderCount',
  'unreadItemCount',
  'totalItemCount',
  'isHidden',
] as const;
