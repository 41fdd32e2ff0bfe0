import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type {
  UpdateConnectionMutation,
  UpdateConnectionMutationVariables,
} from '../generated/graphql.ts';
import { UPDATE_CONNECTION_MUTATION } from '../graphql/mutations.ts';
import type { Connection } from '../graphql/results.ts';
import { PROVIDER_LABELS } from '../lib/labels.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { oauthBrandOf } from '../lib/oauth-return.ts';
import { useBeginOAuth } from '../lib/use-begin-oauth.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Modal } from './Modal.tsx';

type Props = { connection: Connection; onClose: () => void; onReconnected: () => void };

/**
 * A connection the provider stopped accepting signs in at the provider again (OAuth; the
 * callback stores the new token on this same connection and reactivates it), or gets a
 * pasted token; the API reactivates it either way.
 */
export function ReconnectDialog({ connection, onClose, onReconnected }: Props) {
  const [accessToken, setAccessToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, updateConnection] = useMutation<
    UpdateConnectionMutation,
    UpdateConnectionMutationVariables
  >(UPDATE_CONNECTION_MUTATION);
  const oauth = useBeginOAuth();
  const brand = oauthBrandOf(connection.provider);

  const signInAgain = async () => {
    setError(null);
    const problem = await oauth.begin({
      provider: connection.provider,
      externalAccountId: connection.externalAccountId,
      sandbox: connection.sandbox,
    });
    if (problem) setError(problem);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!accessToken.trim()) {
      setError('Paste the new access token first.');
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = mutationOutcome<Connection>(
      await updateConnection({ input: { id: connection.id, accessToken: accessToken.trim() } }),
      'updateConnection',
      'connection',
    );
    setBusy(false);
    if (outcome.ok) onReconnected();
    else setError(outcome.message);
  };

  return (
    <Modal title={`Reconnect ${connection.displayName}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">
          {PROVIDER_LABELS[connection.provider]} no longer accepts this connection’s token
          {connection.statusMessage ? ` (${connection.statusMessage})` : ''}. Sign in again, or
          paste a new token, to resume syncing.
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void signInAgain()}
          disabled={oauth.redirecting}
        >
          {oauth.redirecting ? `Opening ${brand}…` : `Sign in again with ${brand}`}
        </button>
        <p className="small muted divider-text">or paste a token instead</p>
        <label htmlFor="reconnect-token">New access token</label>
        <input
          id="reconnect-token"
          type="password"
          value={accessToken}
          onChange={(event) => setAccessToken(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <ErrorNote message={error} />
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Reconnect'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
