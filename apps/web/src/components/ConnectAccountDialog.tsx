import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type {
  CreateConnectionMutation,
  CreateConnectionMutationVariables,
  Provider,
  StartSyncMutation,
  StartSyncMutationVariables,
} from '../generated/graphql.ts';
import { CREATE_CONNECTION_MUTATION, START_SYNC_MUTATION } from '../graphql/mutations.ts';
import type { Connection, SyncJob } from '../graphql/results.ts';
import { accountRefusal } from '../lib/account-refusal.ts';
import { ACCOUNT_ID_HINTS, PROVIDER_LABELS } from '../lib/labels.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { oauthBrandOf } from '../lib/oauth-return.ts';
import { useBeginOAuth } from '../lib/use-begin-oauth.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Modal } from './Modal.tsx';
import { PickAccount } from './PickAccount.tsx';

type Props = {
  onClose: () => void;
  onConnected: (connection: Connection, job: SyncJob | null) => void;
  /** Back from a sign-in that named no account: pick one of the accounts it sees. */
  signIn?: { grant: string; provider: string } | null;
};

const PROVIDERS = Object.keys(PROVIDER_LABELS) as Provider[];

/**
 * Connects an account the way Fivetran or Nango do: sign in at the provider first, come back,
 * pick one of the accounts that sign-in can see (nobody types an id). The fallback pastes a
 * token and an account id, which the API checks with the provider before creating anything;
 * either way the initial sync starts so the caller can show phase 1 live.
 */
export function ConnectAccountDialog({ onClose, onConnected, signIn }: Props) {
  if (signIn) {
    return (
      <Modal title="Choose an account to connect" onClose={onClose}>
        <PickAccount grant={signIn.grant} onCancel={onClose} onConnected={onConnected} />
      </Modal>
    );
  }
  return <SignInOrPaste onClose={onClose} onConnected={onConnected} />;
}

function SignInOrPaste({ onClose, onConnected }: Omit<Props, 'signIn'>) {
  const [provider, setProvider] = useState<Provider>('FACEBOOK_ADS');
  const [accountId, setAccountId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [sandbox, setSandbox] = useState(true);
  const [pasting, setPasting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, createConnection] = useMutation<
    CreateConnectionMutation,
    CreateConnectionMutationVariables
  >(CREATE_CONNECTION_MUTATION);
  const [, startSync] = useMutation<StartSyncMutation, StartSyncMutationVariables>(
    START_SYNC_MUTATION,
  );
  const oauth = useBeginOAuth();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!pasting) {
      // No account yet: the provider's sign-in comes back with the accounts to pick from.
      const problem = await oauth.begin({ provider, sandbox });
      if (problem) setError(problem);
      return;
    }
    if (!accountId.trim() || !accessToken.trim()) {
      setError('Enter the account id and an access token.');
      return;
    }
    setBusy(true);
    const response = await createConnection({
      input: {
        provider,
        externalAccountId: accountId.trim(),
        displayName: displayName.trim() || null,
        accessToken: accessToken.trim(),
        sandbox,
        // Ask the provider first: an account the token cannot read is refused, not stored.
        verify: true,
      },
    });
    const created = mutationOutcome<Connection>(response, 'createConnection', 'connection');
    if (!created.ok) {
      setBusy(false);
      setError(accountRefusal(response.data?.createConnection) ?? created.message);
      return;
    }
    const started = mutationOutcome<SyncJob>(
      await startSync({ input: { connectionId: created.value.id, mode: 'INITIAL' } }),
      'startSync',
      'job',
    );
    setBusy(false);
    // The connection exists either way; a sync that could not start shows on its card.
    onConnected(created.value, started.ok ? started.value : null);
  };

  const brand = oauthBrandOf(provider);
  return (
    <Modal title="Connect an account" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor="connect-provider">Provider</label>
        <select
          id="connect-provider"
          value={provider}
          onChange={(event) => setProvider(event.target.value as Provider)}
        >
          {PROVIDERS.map((value) => (
            <option key={value} value={value}>
              {PROVIDER_LABELS[value]}
            </option>
          ))}
        </select>

        <label className="checkbox">
          <input
            type="checkbox"
            checked={sandbox}
            onChange={(event) => setSandbox(event.target.checked)}
          />
          Use the local sandbox instead of the real provider
        </label>

        {pasting ? (
          <>
            <label htmlFor="connect-account">Account id</label>
            <input
              id="connect-account"
              value={accountId}
              placeholder={ACCOUNT_ID_HINTS[provider]}
              onChange={(event) => setAccountId(event.target.value)}
              autoComplete="off"
              required
            />

            <label htmlFor="connect-name">Display name (optional)</label>
            <input
              id="connect-name"
              value={displayName}
              onChange={(event) => setDisplayName(event.target.value)}
              autoComplete="off"
            />

            <label htmlFor="connect-token">Access token</label>
            <input
              id="connect-token"
              type="password"
              value={accessToken}
              onChange={(event) => setAccessToken(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="connect-token-hint"
              required
            />
            <p id="connect-token-hint" className="small muted">
              Paste a token from the provider’s developer tools; we check with {brand} that it can
              read the account before connecting. Tokens are encrypted at rest and never shown
              again.{' '}
              <button type="button" className="link-button" onClick={() => setPasting(false)}>
                Sign in with {brand} instead
              </button>
            </p>
          </>
        ) : (
          <p className="small muted">
            You will sign in at {sandbox ? `the sandbox’s ${brand}` : brand} and come straight back
            to choose which of your accounts to connect.{' '}
            <button type="button" className="link-button" onClick={() => setPasting(true)}>
              Paste a token instead
            </button>
          </p>
        )}

        <ErrorNote message={error} />
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          {pasting ? (
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Checking and connecting…' : 'Connect'}
            </button>
          ) : (
            <button type="submit" className="button button--primary" disabled={oauth.redirecting}>
              {oauth.redirecting ? `Opening ${brand}…` : `Sign in with ${brand}`}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
