import { type Api, graphql } from './api.ts';

export type Connected = { connectionId: string; created: boolean };

// #region connect
/**
 * Connects a provider account (a sandbox one: no real provider is called), or finds the
 * connection the workspace already has for it: that is the typed AlreadyConnectedError, which
 * carries the existing connection. The provider (here the sandbox) is asked first whether the
 * token can read the account: NOT_FOUND or a ValidationError on accessToken creates nothing.
 * Any other error is thrown with its stable code.
 */
export async function connect(api: Api, provider: string, accountId: string): Promise<Connected> {
  const { createConnection: result } = await graphql<{
    createConnection: {
      __typename: string;
      connection?: { id: string };
      code?: string;
      message?: string;
    };
  }>(
    api,
    `mutation ($input: CreateConnectionInput!) {
      createConnection(input: $input) {
        __typename
        ... on CreateConnectionSuccess { connection { id } }
        ... on AlreadyConnectedError { connection { id } }
        ... on Error { code message }
      }
    }`,
    {
      input: {
        provider,
        externalAccountId: accountId,
        accessToken: 'sandbox-token',
        sandbox: true,
      },
    },
  );
  switch (result.__typename) {
    case 'CreateConnectionSuccess':
      return { connectionId: result.connection!.id, created: true };
    case 'AlreadyConnectedError':
      return { connectionId: result.connection!.id, created: false };
    default:
      // ValidationError names the field; RateLimitedError says when to retry.
      throw new Error(`createConnection: ${result.code}: ${result.message}`);
  }
}
// #endregion connect
