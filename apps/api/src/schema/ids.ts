import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The database id behind an ID argument: a Relay global id of `typename`, or (for scripts
 * that read ids from the database) the bare UUID. Null when it cannot name such an object,
 * which callers answer as NOT_FOUND like any other unknown id.
 */
export function parseId(typename: string, raw: string): string | null {
  if (UUID.test(raw)) return raw.toLowerCase();
  try {
    const { typename: decodedType, id } = decodeGlobalID(raw);
    return decodedType === typename && UUID.test(id) ? id.toLowerCase() : null;
  } catch {
    return null;
  }
}

export const globalId = (typename: string, id: string) => encodeGlobalID(typename, id);
