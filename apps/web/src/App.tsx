import { useMemo, useState } from 'react';
import { Provider } from 'urql';
import { Workspace } from './components/Workspace.tsx';
import { clearApiKey, saveApiKey } from './lib/api-key.ts';
import { createApiClient } from './lib/client.ts';
import { SignInPage } from './pages/SignInPage.tsx';

export function App({ initialKey }: { initialKey: string | null }) {
  const [apiKey, setApiKey] = useState(initialKey);
  const client = useMemo(() => (apiKey ? createApiClient(apiKey) : null), [apiKey]);

  if (!apiKey || !client) {
    return (
      <SignInPage
        onSignIn={(key) => {
          saveApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <Provider value={client}>
      <Workspace
        key={apiKey}
        onSignOut={() => {
          clearApiKey();
          setApiKey(null);
        }}
      />
    </Provider>
  );
}
