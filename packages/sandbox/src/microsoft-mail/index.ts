import { contentHash, recordsDigest } from '@tributary/core';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type {
  ProviderSandbox,
  SandboxCallContext,
  SandboxFault,
  SandboxRequest,
  SandboxResponse,
} from '../shared/types.ts';
import { FOLDER_FIELDS, MESSAGE_SELECT } from './fields.ts';
import { generateMailbox } from './generate-mailbox.ts';
import { type GraphCall, header } from './graph-call.ts';
import { GraphError, graphErrorResponse } from './graph-error.ts';
import { listFolders } from './list-folders.ts';
import { listMessages } from './list-messages.ts';
import { findFolder, folderJson, type Mailbox, projectMessage } from './mailbox.ts';
import { DEFAULT_MAILBOXES, type MailboxConfig, mailboxConfigsFrom } from './mailbox-config.ts';
import { messageDelta } from './message-delta.ts';
import { mutateMailbox } from './mutate-mailbox.ts';
import { authorize, createIssuedCodes, token } from './oauth.ts';
import { mailboxSettings, userProfile } from './user-profile.ts';

const USER_PATH = /^\/v1\.0\/users\/([^/]+)(\/.*)?$/;
/**
 * `/me` is the signed-in user (https://learn.microsoft.com/graph/api/user-get: `GET /me` answers
 * the user's id, displayName, mail and userPrincipalName among its defaults).
 */
const ME_PATH = /^\/v1\.0\/me(\/.*)?$/;
const OAUTH_PATH = /^\/[^/]+\/oauth2\/v2\.0\/(authorize|token)$/;

/**
 * The Microsoft Graph mail emulator, mounted by the sandbox server under `/msgraph`.
 * Mailboxes are generated on first use (anchored at that moment) from the seed, so a reset
 * is instant and the same seed always gives the same mail.
 *
 * Record data in `truth` is the API's JSON for the stored `$select` list (fields.ts) without OData
 * annotations (`@odata.etag`, `@odata.type`), which are not data.
 */
export function createMicrosoftMailSandbox(): ProviderSandbox {
  let seed = 1;
  let configs: MailboxConfig[] = DEFAULT_MAILBOXES;
  let mailboxes = new Map<string, Mailbox>();
  let resets = 0;
  const codes = createIssuedCodes();

  function mailboxFor(id: string, now: Date): Mailbox | undefined {
    let mailbox = mailboxes.get(id);
    if (!mailbox) {
      const config = configs.find((c) => c.id === id);
      if (!config) return undefined;
      mailbox = generateMailbox(seed, config, now.getTime(), `${seed}.${resets}`);
      mailboxes.set(id, mailbox);
    }
    return mailbox;
  }

  function requireMailbox(id: string, now: Date): Mailbox {
    const mailbox = mailboxFor(id, now);
    if (!mailbox)
      throw new SandboxInputError('accountId', `Unknown MICROSOFT_MAIL sandbox account '${id}'`);
    return mailbox;
  }

  /**
   * `[user id, rest of path]` of a user-scoped call. Sandbox tokens name no user, so the
   * signed-in user behind `/me` is the first configured mailbox (user_3001 by default).
   */
  function userCall(path: string): [string, string | undefined] | undefined {
    const user = USER_PATH.exec(path);
    if (user) return [decodeURIComponent(user[1]!), user[2]];
    const me = ME_PATH.exec(path);
    if (me && configs[0]) return [configs[0].id, me[1]];
    return undefined;
  }

  function route(request: SandboxRequest, context: SandboxCallContext): SandboxResponse {
    const oauth = OAUTH_PATH.exec(request.path);
    if (oauth) {
      if (oauth[1] === 'authorize' && request.method === 'GET')
        return authorize(request, context.now, codes);
      if (oauth[1] === 'token' && request.method === 'POST')
        return token(request, context.now, codes);
      throw new GraphError(405, 'BadRequest', `Unsupported request method '${request.method}'.`);
    }
    const match = userCall(request.path);
    if (!match) {
      const segment = request.path.split('/').filter(Boolean).at(-1) ?? '';
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }
    if (!/^Bearer\s+\S+/i.test(header(request, 'Authorization') ?? '')) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
        'WWW-Authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      });
    }
    // A token past its lifetime: Graph's 401 InvalidAuthenticationToken with its error body
    // (https://learn.microsoft.com/graph/errors). The sandbox spells such tokens `expired…`.
    if (/^Bearer\s+expired/i.test(header(request, 'Authorization') ?? '')) {
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
        {
          'WWW-Authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token", error_description="The access token has expired"',
        },
      );
    }
    if (request.method !== 'GET') {
      throw new GraphError(405, 'BadRequest', `Unsupported request method '${request.method}'.`);
    }
    const userId = match[0];
    const mailbox = mailboxFor(userId, context.now);
    if (!mailbox) {
      throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    }
    const call: GraphCall = { request, context, mailbox };
    const rest = (match[1] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const folderOf = (id: string) => {
      const folder = findFolder(mailbox, id);
      if (!folder) {
        throw new GraphError(
          404,
          'ErrorItemNotFound',
          'The specified object was not found in the store.',
        );
      }
      return folder;
    };
    const [a, b, c, d] = rest;
    if (rest.length === 0) return userProfile(call);
    if (a === 'mailboxSettings' && rest.length === 1) return mailboxSettings(call);
    if (a === 'messages' && rest.length === 1) return listMessages(call, null);
    if (a === 'mailFolders') {
      if (rest.length === 1) return listFolders(call, null);
      const folder = folderOf(b!);
      if (rest.length === 2) return { status: 200, body: folderJson(mailbox, folder) };
      if (c === 'childFolders' && rest.length === 3) return listFolders(call, folder);
      if (c === 'messages' && rest.length === 3) return listMessages(call, folder);
      if (c === 'messages' && d === 'delta' && rest.length === 4) return messageDelta(call, folder);
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest.at(-1)}'.`);
  }

  return {
    provider: 'MICROSOFT_MAIL',

    reset(newSeed, accounts) {
      const newConfigs = mailboxConfigsFrom(accounts);
      seed = newSeed;
      configs = newConfigs;
      mailboxes = new Map();
      resets += 1;
    },

    handle(request, context) {
      try {
        return route(request, context);
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        return graphErrorResponse(error.status, error.code, error.message, {
          now: context.now,
          clientRequestId: header(request, 'client-request-id'),
          headers: error.headers,
        });
      }
    },

    accountOf(request) {
      return userCall(request.path)?.[0];
    },

    mutate(accountId, ops, now) {
      return mutateMailbox(requireMailbox(accountId, now), ops, now);
    },

    faultResponse(fault, details) {
      return microsoftFaultResponse(fault, details);
    },

    // Graph sends no usage headers on success; throttling shows only as 429 + Retry-After.
    usageHeaders() {
      return {};
    },

    truth(accountId, stream, now) {
      const mailbox = requireMailbox(accountId, now);
      let records: { externalId: string; contentHash: string }[];
      if (stream === 'mail_folders') {
        records = mailbox.folders.map((f) => ({
          externalId: f.id,
          contentHash: contentHash(pick(folderJson(mailbox, f), FOLDER_FIELDS)),
        }));
      } else if (stream === 'messages') {
        records = [...mailbox.messages.values()].map((m) => ({
          externalId: m.id,
          contentHash: contentHash(projectMessage(m, MESSAGE_SELECT)),
        }));
      } else {
        throw new SandboxInputError(
          'stream',
          `MICROSOFT_MAIL has no stream '${stream}' (mail_folders, messages)`,
        );
      }
      return { count: records.length, digest: recordsDigest(records) };
    },
  };
}

function pick(json: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, json[f]]));
}

/**
 * Graph's answer to an injected fault or exhausted budget. A throttle with the budget spent
 * is `ApplicationThrottled`; below it (the 4-concurrent-requests limit, or an injected
 * throttle) it is `MailboxConcurrency`.
 */
export function microsoftFaultResponse(
  fault: SandboxFault,
  details: { retryAfterSec: number; percentUsed: number },
  now = new Date(),
): SandboxResponse {
  const retryAfter: Record<string, string> =
    details.retryAfterSec > 0 ? { 'Retry-After': String(Math.ceil(details.retryAfterSec)) } : {};
  switch (fault) {
    case 'throttled':
      return details.percentUsed >= 100
        ? graphErrorResponse(
            429,
            'ApplicationThrottled',
            'Application is over its resource limit.',
            {
              now,
              headers: { 'Retry-After': String(Math.max(1, Math.ceil(details.retryAfterSec))) },
            },
          )
        : // Exchange names the limit in the message, under the ApplicationThrottled code:
          // https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits
          graphErrorResponse(
            429,
            'ApplicationThrottled',
            'Application is over its MailboxConcurrency limit.',
            {
              now,
              headers: { 'Retry-After': String(Math.max(1, Math.ceil(details.retryAfterSec))) },
            },
          );
    case 'server_error':
      return graphErrorResponse(
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. Please retry later.',
        {
          now,
          headers: retryAfter,
        },
      );
    case 'token_expired':
      return graphErrorResponse(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
        {
          now,
          headers: {
            'WWW-Authenticate':
              'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token", error_description="The access token has expired"',
          },
        },
      );
    case 'too_much_data':
      return graphErrorResponse(
        400,
        'ErrorExceededFindCountLimit',
        'The requested page size exceeds the maximum allowed. Request fewer items per page.',
        {
          now,
        },
      );
    default: {
      const unknown: never = fault;
      throw new Error(`Unknown sandbox fault ${String(unknown)}`);
    }
  }
}
