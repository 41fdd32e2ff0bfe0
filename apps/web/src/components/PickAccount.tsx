import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type {
  ConnectSignedInAccountMutation,
  ConnectSignedInAccountMutationVariables,
  SignInAccountsQuery,
  SignInAccountsQueryVariables,
} from '../generated/graphql.ts';
import { CONNECT_SIGNED_IN_ACCOUNT_MUTATION } from '../graphql/mutations.ts';
import { SIGN_IN_ACCOUNTS_QUERY } from '../graphql/queries.ts';
import type { Connection, SyncJob } from '../graphql/results.ts';
import { accountRefusal } from '../lib/account-refusal.ts';
import { friendlyMutationError, friendlyRequestError } from '../lib/friendly-error.ts';
import { PROVIDER_LABELS } from '../lib/labels.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { ErrorNote } from './ErrorNote.tsx';

type Props = {
  grant: string;
  onCancel: () => void;
  onConnected: (connection: Connection, job: SyncJob | null) => void;
};

/**
 * The accounts a finished sign-in can see (ad accounts, Pages, the mailbox), as radio buttons:
 * pick one and connect it. Accounts that cannot work say why and cannot be picked; one already
 * connected says so (picking it signs it in again).
 */
export function PickAccount({ grant, onCancel, onConnected }: Props) {
  const [result] = useQuery<SignInAccountsQuery, SignInAccountsQueryVariables>({
    query: SIGN_IN_ACCOUNTS_QUERY,
    variables: { signIn: grant },
    requestPolicy: 'network-only',
  });
  const [picked, setPicked] = useState<string | null>(null);
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, connect] = useMutation<
    ConnectSignedInAccountMutation,
    ConnectSignedInAccountMutationVariables
  >(CONNECT_SIGNED_IN_ACCOUNT_MUTATION);

  const listing = result.data?.signInAccounts;
  const loadError =
    friendlyRequestError(result.error) ??
    (listing && listing.__typename !== 'SignInAccounts'
      ? (accountRefusal(listing) ??
        friendlyMutationError(listing.__typename, 'message' in listing ? listing.message : null))
      : null);
  const accounts = listing?.__typename === 'SignInAccounts' ? listing.accounts : [];
  const provider = listing?.__typename === 'SignInAccounts' ? listing.provider : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!picked) {
      setError('Choose the account to connect.');
      return;
    }
    setBusy(true);
    setError(null);
    const response = await connect({
      input: { signIn: grant, externalAccountId: picked, displayName: displayName.trim() || null },
    });
    const connected = mutationOutcome<Connection>(response, 'connectSignedInAccount', 'connection');
    setBusy(false);
    if (!connected.ok) {
      setError(accountRefusal(response.data?.connectSignedInAccount) ?? connected.message);
      return;
    }
    const payload = response.data?.connectSignedInAccount;
    const job = payload?.__typename === 'ConnectSignedInAccountSuccess' ? payload.job : null;
    onConnected(connected.value, job ?? null);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {result.fetching && !listing && (
        <p className="muted">Asking the provider for your accounts…</p>
      )}
      <ErrorNote message={loadError} />
      {listing?.__typename === 'SignInAccounts' && accounts.length === 0 && (
        <p className="muted">
          This sign-in sees no accounts. Sign in as someone with access, or grant it on the
          provider’s screen.
        </p>
      )}
      {accounts.length > 0 && (
        <fieldset className="account-picker">
          <legend>
            {provider ? `${PROVIDER_LABELS[provider]} accounts you can connect` : 'Accounts'}
          </legend>
          {accounts.map((account) => {
            const hintId = `account-${account.externalAccountId}-hint`;
            return (
              <label key={account.externalAccountId} className="checkbox">
                <input
                  type="radio"
                  name="account"
                  value={account.externalAccountId}
                  checked={picked === account.externalAccountId}
                  disabled={account.unavailableReason != null}
                  onChange={() => setPicked(account.externalAccountId)}
                  aria-describedby={hintId}
                />
                <span>
                  {account.name}
                  <span id={hintId} className="small muted">
                    {' '}
                    {account.detail}
                    {account.connection &&
                      ` · already connected as ${account.connection.displayName}`}
                    {account.unavailableReason && ` · ${account.unavailableReason}`}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
      )}
      {accounts.length > 0 && (
        <>
          <label htmlFor="pick-name">Display name (optional)</label>
          <input
            id="pick-name"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            autoComplete="off"
          />
        </>
      )}
      <ErrorNote message={error} />
      <div className="form__actions">
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || accounts.length === 0}
        >
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
