import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql/index.js';
import type { Logger } from 'pino';
import { AppError } from './app-error.ts';

// No message we send echoes unbounded input (graphql-js quotes a bad variable value in full).
const MAX_MESSAGE = 500;

// graphql-js names the offending input of a variable in its message: `... at "input.settings"; `.
const VARIABLE_PATH = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)"; /s;
const WHOLE_VARIABLE = /^Variable "\$(\w+)" got invalid value /;

/** The input a variable error is about, as `input.settings` (or the variable's name). */
function inputField(message: string): string | undefined {
  return VARIABLE_PATH.exec(message)?.[2] ?? WHOLE_VARIABLE.exec(message)?.[1];
}

const capped = (message: string) =>
  message.length <= MAX_MESSAGE
    ? message
    : `${message.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} characters)`;

/**
 * What a client sees of an error, the same over HTTP (Apollo's formatError) and WebSocket:
 * intended errors keep their message and stable `extensions.code`; anything else is logged
 * with the real error and answered "Internal server error".
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // Errors outside execution (parse, validation, variables, limits) carry no path and are
  // meant for the client; inside execution only AppErrors and plain GraphQLErrors are.
  const intended =
    original instanceof AppError ||
    !formatted.path ||
    (original instanceof GraphQLError && !original.originalError);
  if (intended) {
    const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // Apollo relabels every validation error; our limit rules' codes are more useful.
    const ownCode =
      original instanceof GraphQLError && original.originalError instanceof GraphQLError
        ? original.originalError.extensions.code
        : undefined;
    // A bad variable names its field, like a ValidationError does.
    const field = extensions.field ?? inputField(formatted.message);
    return {
      ...formatted,
      message: capped(formatted.message),
      extensions: {
        ...extensions,
        ...(ownCode ? { code: ownCode } : {}),
        ...(field ? { field } : {}),
      },
    };
  }
  // Anything else is a bug or an outage: log it, tell the client nothing internal.
  logger.error({ err: original, path: formatted.path }, 'resolver failed');
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
