import type { SandboxResponse } from '../shared/types.ts';
import { type GraphCall, odataContext } from './graph-call.ts';
import { GraphError } from './graph-error.ts';
import { graphDate } from './mailbox.ts';

/**
 * `GET /users/{id}`: Graph's default user properties; `createdDateTime` only when selected,
 * as in v1.0.
 */
export function userProfile(call: GraphCall): SandboxResponse {
  const { mailbox } = call;
  const [givenName, ...rest] = mailbox.displayName.split(' ');
  const defaults: Record<string, unknown> = {
    businessPhones: [],
    displayName: mailbox.displayName,
    givenName: givenName ?? null,
    jobTitle: null,
    mail: mailbox.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: rest.join(' ') || null,
    userPrincipalName: mailbox.address,
    id: mailbox.userId,
  };
  const selectable: Record<string, unknown> = {
    ...defaults,
    createdDateTime: graphDate(mailbox.createdMs),
  };
  const raw = call.request.query.get('$select');
  let body: Record<string, unknown> = defaults;
  if (raw) {
    body = {};
    for (const field of raw.split(',').map((f) => f.trim())) {
      if (!(field in selectable)) {
        throw new GraphError(
          400,
          'Request_BadRequest',
          `Could not find a property named '${field}' on type 'microsoft.graph.user'.`,
        );
      }
      body[field] = selectable[field];
    }
  }
  return {
    status: 200,
    body: { '@odata.context': odataContext(call, 'users/$entity'), ...body },
  };
}

/** `GET /users/{id}/mailboxSettings`. */
export function mailboxSettings(call: GraphCall): SandboxResponse {
  return {
    status: 200,
    body: {
      '@odata.context': odataContext(call, `users('${call.mailbox.userId}')/mailboxSettings`),
      timeZone: call.mailbox.timeZone,
      dateFormat: 'yyyy-MM-dd',
      timeFormat: 'HH:mm',
      language: { locale: 'en-US', displayName: 'English (United States)' },
    },
  };
}
