import { z } from 'zod';

/** Graph cursor paging: `next` is present only while more pages exist. */
export const graphPaging = z.looseObject({
  cursors: z
    .looseObject({ before: z.string().optional(), after: z.string().optional() })
    .optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});

export type GraphPaging = z.output<typeof graphPaging>;

/** A Graph list response whose items keep every field exactly as sent. */
export function graphList<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), paging: graphPaging.optional() });
}

/** The `after` cursor to request next, or null on the last page. */
export function nextAfter(paging: GraphPaging | undefined): string | null {
  if (!paging?.next) return null;
  const after = paging.cursors?.after;
  if (after) return after;
  // Some edges page by `next` URL only; its `after` parameter is the same cursor.
  try {
    return new URL(paging.next).searchParams.get('after');
  } catch {
    return null;
  }
}
