import { ProviderError, type ProviderId } from '@tributary/core';
import type { z } from 'zod';

export type ParseContext = { provider: ProviderId; endpoint: string; httpStatus?: number };

/** Parses a response body against its documented shape, or throws a `malformed` ProviderError. */
export function parseJson<S extends z.ZodType>(
  text: string,
  schema: S,
  context: ParseContext,
): z.output<S> {
  const value = parseJsonText(text, context);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  const missing = issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
  const problem = missing
    ? `missing field ${field}`
    : `field ${field}: ${issue?.message ?? 'unexpected shape'}`;
  throw malformed(context, problem, result.error);
}

/** JSON.parse that names the provider and endpoint when the body is not JSON. */
export function parseJsonText(text: string, context: ParseContext): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformed(context, `response is not JSON (${text.length} bytes)`, error);
  }
}

function malformed(context: ParseContext, problem: string, cause: unknown): ProviderError {
  return new ProviderError(`${context.provider} ${context.endpoint}: ${problem}`, {
    provider: context.provider,
    kind: 'malformed',
    endpoint: context.endpoint,
    httpStatus: context.httpStatus,
    cause,
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
