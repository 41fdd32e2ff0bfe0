import type { ListedAccount, ProviderId } from '@tributary/core';
import {
  listSignedInAccounts,
  pickedCredentials,
  requireSignIn,
} from '../accounts/signed-in-accounts.ts';
import { builder } from '../builder.ts';
import { findConnectionByAccount } from '../data/connections.ts';
import type { ConnectionRow } from '../data/rows.ts';
import { NotFoundError, ValidationError } from '../errors/app-error.ts';
import { completeConnection } from '../oauth/complete-connection.ts';
import { validateDisplayName } from './connection-input.ts';
import { ProviderEnum } from './enums.ts';
import { ConnectionRef, SyncJobRef } from './refs.ts';
import { assertStorableText } from './storable-text.ts';

type SignedInAccount = ListedAccount & { provider: ProviderId; workspaceId: string };

const SignedInAccountRef = builder.objectRef<SignedInAccount>('SignedInAccount').implement({
  description:
    'An account the signed-in provider user can see (an ad account, a Page, the mailbox). Its tokens stay on the server.',
  fields: (t) => ({
    externalAccountId: t.exposeString('id', {
      description: 'The provider account id a connection to it names.',
    }),
    name: t.exposeString('name'),
    detail: t.exposeString('detail', {
      nullable: true,
      description: 'What tells it apart: id, currency and status; Page category; address.',
    }),
    unavailableReason: t.exposeString('unavailableReason', {
      nullable: true,
      description: 'Why connecting it would not work; null when it can be connected.',
    }),
    connection: t.field({
      type: ConnectionRef,
      nullable: true,
      description:
        'The workspace’s connection to this account, if any (picking it again re-authorises it).',
      resolve: (account, _args, ctx) =>
        findConnectionByAccount(
          ctx.services.pool,
          account.workspaceId,
          account.provider,
          account.id,
        ),
    }),
  }),
});

const SignInAccountsRef = builder
  .objectRef<{
    provider: ProviderId;
    sandbox: boolean;
    expiresAt: Date;
    accounts: SignedInAccount[];
  }>('SignInAccounts')
  .implement({
    description: 'What a sign-in sees, asked of the provider just now.',
    fields: (t) => ({
      provider: t.field({ type: ProviderEnum, resolve: (s) => s.provider }),
      sandbox: t.exposeBoolean('sandbox'),
      expiresAt: t.expose('expiresAt', {
        type: 'DateTime',
        description: 'Pick an account before this; then sign in again.',
      }),
      accounts: t.field({ type: [SignedInAccountRef], resolve: (s) => s.accounts }),
    }),
  });

function validateGrant(raw: string): string {
  const value = assertStorableText('signIn', raw).trim();
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(value)) {
    throw new ValidationError('signIn', 'signIn is not a sign-in grant (from #oauth=signed-in)');
  }
  return value;
}

builder.queryField('signInAccounts', (t) =>
  t.field({
    type: SignInAccountsRef,
    description:
      'The accounts a finished sign-in (beginOAuthConnection without an account) can see: ad accounts from /me/adaccounts, Pages from /me/accounts, the mailbox from Graph /me.',
    errors: { union: { name: 'SignInAccountsResult' }, types: [ValidationError, NotFoundError] },
    args: {
      signIn: t.arg.string({
        required: true,
        description: 'The `signIn` grant the OAuth callback put in the return URL’s fragment.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const signIn = await requireSignIn(ctx.services, ctx.workspaceId, validateGrant(args.signIn));
      const listed = await listSignedInAccounts(ctx.services, signIn);
      return {
        provider: signIn.provider,
        sandbox: signIn.sandbox,
        expiresAt: signIn.expiresAt,
        accounts: listed.accounts.map((account) => ({
          ...account,
          provider: signIn.provider,
          workspaceId: ctx.workspaceId,
        })),
      };
    },
  }),
);

const ConnectSignedInAccountInput = builder.inputType('ConnectSignedInAccountInput', {
  description: 'One of the accounts signInAccounts listed, to connect.',
  fields: (t) => ({
    signIn: t.string({ required: true, description: 'The sign-in grant.' }),
    externalAccountId: t.string({
      required: true,
      description: 'A SignedInAccount.externalAccountId of that sign-in.',
    }),
    displayName: t.string({
      description: 'A name for the connection; the account’s when omitted.',
    }),
  }),
});

const ConnectSignedInAccountSuccess = builder
  .objectRef<{ connection: ConnectionRow; jobId: string | null; reauthorized: boolean }>(
    'ConnectSignedInAccountSuccess',
  )
  .implement({
    fields: (t) => ({
      connection: t.field({ type: ConnectionRef, resolve: (r) => r.connection }),
      job: t.field({
        type: SyncJobRef,
        nullable: true,
        description:
          'The INITIAL sync started for a new connection (null for a re-authorised one).',
        resolve: (r, _args, ctx) => (r.jobId ? ctx.loaders.job.load(r.jobId) : null),
      }),
      reauthorized: t.exposeBoolean('reauthorized', {
        description: 'The workspace already had this account: it got the new token instead.',
      }),
    }),
  });

builder.mutationField('connectSignedInAccount', (t) =>
  t.field({
    type: ConnectSignedInAccountSuccess,
    description:
      'Connects an account a sign-in can see and starts its INITIAL sync (or re-authorises the workspace’s existing connection to it). The provider is asked again: an account it no longer lists is NOT_FOUND and nothing is created.',
    errors: {
      union: { name: 'ConnectSignedInAccountResult' },
      types: [ValidationError, NotFoundError],
    },
    args: { input: t.arg({ type: ConnectSignedInAccountInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const grant = validateGrant(input.signIn);
      const accountId = assertStorableText('externalAccountId', input.externalAccountId).trim();
      const signIn = await requireSignIn(ctx.services, ctx.workspaceId, grant);
      const listed = await listSignedInAccounts(ctx.services, signIn);
      const account = listed.accounts.find((a) => a.id === accountId);
      if (!account) {
        throw new NotFoundError(
          'ProviderAccount',
          accountId,
          `The signed-in user cannot see account ${accountId.slice(0, 80)}; pick one from signInAccounts.`,
        );
      }
      if (account.unavailableReason) {
        throw new ValidationError('externalAccountId', account.unavailableReason);
      }
      const displayName = input.displayName?.trim()
        ? validateDisplayName(input.displayName, account.name)
        : validateDisplayName(account.name.slice(0, 200), account.id);
      const credentials = await pickedCredentials(ctx.services, listed, account.id);
      const completed = await completeConnection(
        ctx.services,
        {
          workspaceId: ctx.workspaceId,
          provider: signIn.provider,
          externalAccountId: account.id,
          displayName,
          sandbox: signIn.sandbox,
        },
        credentials,
      );
      return {
        connection: completed.connection,
        jobId: completed.jobId,
        reauthorized: !completed.created,
      };
    },
  }),
);
