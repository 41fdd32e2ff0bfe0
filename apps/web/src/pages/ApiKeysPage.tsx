import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type {
  ApiKeyScope,
  ApiKeysQuery,
  ApiKeysQueryVariables,
  CreateApiKeyMutation,
  CreateApiKeyMutationVariables,
  RevokeApiKeyMutation,
  RevokeApiKeyMutationVariables,
} from '../generated/graphql.ts';
import { CREATE_API_KEY_MUTATION, REVOKE_API_KEY_MUTATION } from '../graphql/mutations.ts';
import { API_KEYS_QUERY } from '../graphql/queries.ts';
import { formatDateTime, formatRelative } from '../lib/format.ts';
import { mutationOutcome } from '../lib/mutation-outcome.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The workspace's API keys: create one (its secret is shown once), see them all, revoke. */
export function ApiKeysPage() {
  usePageTitle('API keys');
  const [result, refetch] = useQuery<ApiKeysQuery, ApiKeysQueryVariables>({
    query: API_KEYS_QUERY,
  });
  const [, create] = useMutation<CreateApiKeyMutation, CreateApiKeyMutationVariables>(
    CREATE_API_KEY_MUTATION,
  );
  const [, revoke] = useMutation<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>(
    REVOKE_API_KEY_MUTATION,
  );
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('FULL');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await create({ name: name.trim(), scope });
    const outcome = mutationOutcome<string>(result, 'createApiKey', 'key');
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    setCreated({ name: name.trim(), key: outcome.value });
    setName('');
    refetch({ requestPolicy: 'network-only' });
  };

  const onRevoke = async (id: string) => {
    setError(null);
    const outcome = mutationOutcome(await revoke({ id }), 'revokeApiKey', 'apiKey');
    if (!outcome.ok) setError(outcome.message);
    refetch({ requestPolicy: 'network-only' });
  };

  const keys = result.data?.viewer.apiKeys ?? [];
  return (
    <section className="page" aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p className="muted">
        Keys let scripts and integrations call the GraphQL API as this workspace.
      </p>
      <ErrorNote message={error} />
      {created && (
        <div className="card key-once" role="status" data-testid="new-key">
          <p>
            <strong>{created.name}</strong>: copy this key now. It is shown only once.
          </p>
          <code className="key-once__key" data-testid="new-key-value">
            {created.key}
          </code>
          <div className="form__actions">
            <button
              type="button"
              className="button"
              onClick={() => void navigator.clipboard?.writeText(created.key)}
            >
              Copy
            </button>
            <button type="button" className="button button--ghost" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
        </div>
      )}
      <form className="card form" onSubmit={(event) => void submit(event)}>
        <h2>Create a key</h2>
        <label>
          Key name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Access
          <select value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
            <option value="FULL">Full: read and change</option>
            <option value="READ">Read only</option>
          </select>
        </label>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
            Create key
          </button>
        </div>
      </form>
      <div className="card">
        <h2>Keys</h2>
        <table className="table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Access</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-testid="api-key-row">
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.scope === 'READ' ? 'Read only' : 'Full'}</td>
                <td>{formatDateTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatRelative(key.lastUsedAt) : 'never'}</td>
                <td className="right">
                  {key.revokedAt ? (
                    <span className="muted">Revoked {formatRelative(key.revokedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--ghost"
                      aria-label={`Revoke ${key.name}`}
                      onClick={() => void onRevoke(key.id)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
