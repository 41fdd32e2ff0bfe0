import { useEffect, useState } from 'react';
import { type Client, Provider } from 'urql';
import { Workspace } from './components/Workspace.tsx';
import { adoptKeyFromLocation, clearApiKey, saveApiKey } from './lib/api-key.ts';
import { createApiClient } from './lib/client.ts';
import { SignInPage } from './pages/SignInPage.tsx';

export function App({ initialKey }: { initialKey: string | null }) {
  const [apiKey, setApiKey] = useState(initialKey);
  const [client, setClient] = useState<Client | null>(null);

  // A Dashboard link opened in an existing tab only changes the fragment: adopt its key too.
  useEffect(() => {
    const onHashChange = () => {
      if (!/[#&]key=/.test(window.location.hash)) return;
      setApiKey(adoptKeyFromLocation());
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  // One client (and socket) per key, closed when the key changes or the app unmounts.
  useEffect(() => {
    if (!apiKey) {
      setClient(null);
      return;
    }
    const api = createApiClient(apiKey);
    setClient(api.client);
    return () => api.dispose();
  }, [apiKey]);

  if (!apiKey) {
    return (
      <SignInPage
        onSignIn={(key) => {
          saveApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  if (!client) return null;
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
