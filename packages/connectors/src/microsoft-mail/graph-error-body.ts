import { z } from 'zod';

/** Graph's error envelope; every field optional because gateways answer with anything. */
export const graphErrorBodySchema = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z
      .object({ 'request-id': z.string().optional(), date: z.string().optional() })
      .loose()
      .optional(),
  }),
});

export type GraphErrorBody = z.output<typeof graphErrorBodySchema>['error'];

/** The error object of a response body, or undefined when it is not Graph's shape. */
export function readGraphError(text: string): GraphErrorBody | undefined {
  try {
    const parsed = graphErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}
