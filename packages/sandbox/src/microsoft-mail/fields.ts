/**
 * The message properties a stored mail record holds, as the ground truth projects each live
 * message onto them. Written from the Microsoft Graph message resource, not taken from the
 * connector, so a connector whose `$select` drops or misspells one disagrees with the truth.
 * OData annotations (`@odata.etag`, `@odata.type`) are not data and are never in the truth.
 * https://learn.microsoft.com/en-us/graph/api/resources/message
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

/**
 * The mailFolder properties Graph returns by default; folder records carry all of them.
 * https://learn.microsoft.com/en-us/graph/api/resources/mailfolder
 */
export const FOLDER_FIELDS = [
  'id',
  'displayName',
  'parentFolderId',
  'childFolderCount',
  'unreadItemCount',
  'totalItemCount',
  'isHidden',
] as const;
