import { z } from 'zod';

/**
 * The documented shapes of the Graph responses the connector reads. Objects stay loose:
 * a record's data is everything Graph returned, the schema only checks what the code uses.
 */
const graphDateTime = z.iso.datetime({ offset: true });

/** `childFolderCount` decides whether the walk lists a folder's children, so it is required. */
export const folderSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string(),
    childFolderCount: z.number().int().min(0),
  })
  .loose();

export const messageSchema = z
  .object({
    id: z.string().min(1),
    subject: z.string().nullish(),
    receivedDateTime: graphDateTime,
    lastModifiedDateTime: graphDateTime.optional(),
  })
  .loose();

/** A delta item: a changed message, or `{id, @removed}` for one that is gone. */
export const deltaItemSchema = z.union([
  z.object({ id: z.string().min(1), '@removed': z.object({ reason: z.string() }).loose() }).loose(),
  messageSchema,
]);

function collection<T extends z.ZodType>(item: T) {
  return z
    .object({
      value: z.array(item),
      '@odata.nextLink': z.string().optional(),
      '@odata.deltaLink': z.string().optional(),
      '@odata.count': z.number().int().min(0).optional(),
    })
    .loose();
}

export const folderPageSchema = collection(folderSchema);
export const messagePageSchema = collection(messageSchema);
export const deltaPageSchema = collection(deltaItemSchema);
export const countPageSchema = collection(z.unknown());

export const userSchema = z
  .object({
    displayName: z.string().nullish(),
    mail: z.string().nullish(),
    createdDateTime: graphDateTime.nullish(),
  })
  .loose();

export const mailboxSettingsSchema = z.object({ timeZone: z.string().nullish() }).loose();

export const tokenResponseSchema = z
  .object({
    token_type: z.string(),
    access_token: z.string().min(1),
    expires_in: z.number().positive(),
    refresh_token: z.string().optional(),
    scope: z.string().optional(),
  })
  .loose();
