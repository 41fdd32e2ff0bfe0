import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { VIEWER_QUERY } from '../graphql/queries.ts';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** Asks for an API key and checks it against the API before keeping it. */
export function SignInPage({ onSignIn }: { onSignIn: (key: string) => void }) {
  usePageTitle('Sign in');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Paste your API key first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${trimmed}` },
        body: JSON.stringify({ query: VIEWER_QUERY }),
      });
      const body = (await response.json().catch(() => null)) as {
        data?: { viewer?: unknown };
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      } | null;
      if (response.ok && body?.data?.viewer) {
        onSignIn(trimmed);
        return;
      }
      setError(
        friendlyRequestError({ response, graphQLErrors: body?.errors ?? [] }) ??
          'That key was not accepted.',
      );
    } catch {
      setError(friendlyRequestError({ networkError: {} }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="card signin__card" onSubmit={submit} noValidate>
        <h1>Sign in to Tributary</h1>
        <p className="muted">
          Use an API key of your workspace. The start command prints a Dashboard link that signs you
          in to the demo workspace.
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-describedby="signin-error"
        />
        <div id="signin-error">
          <ErrorNote message={error} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
