import { useQuery } from 'urql';
import type { ViewerQuery, ViewerQueryVariables } from '../generated/graphql.ts';
import { VIEWER_QUERY } from '../graphql/queries.ts';
import { ActivityProvider } from '../lib/activity.tsx';
import { friendlyRequestError } from '../lib/friendly-error.ts';
import { useRoute } from '../lib/router.ts';
import { ApiKeysPage } from '../pages/ApiKeysPage.tsx';
import { ConnectionSettingsPage } from '../pages/ConnectionSettingsPage.tsx';
import { ConnectionsPage } from '../pages/ConnectionsPage.tsx';
import { HistoryPage } from '../pages/HistoryPage.tsx';
import { JobPage } from '../pages/JobPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { RecordsPage } from '../pages/RecordsPage.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { Header } from './Header.tsx';
import { ToastViewport } from './ToastViewport.tsx';

/** The signed-in shell: header, the current page, and toasts. */
export function Workspace({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const [viewer] = useQuery<ViewerQuery, ViewerQueryVariables>({ query: VIEWER_QUERY });
  return (
    <ActivityProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header
        route={route}
        workspaceName={viewer.data?.viewer.name ?? null}
        onSignOut={onSignOut}
      />
      <main id="main" className="main" tabIndex={-1}>
        <ErrorNote message={friendlyRequestError(viewer.error)} />
        {route.name === 'connections' && <ConnectionsPage />}
        {route.name === 'job' && <JobPage key={route.id} jobId={route.id} />}
        {route.name === 'history' && <HistoryPage connectionId={route.connectionId} />}
        {route.name === 'records' && (
          <RecordsPage connectionId={route.connectionId} stream={route.stream} />
        )}
        {route.name === 'connection-settings' && (
          <ConnectionSettingsPage key={route.id} id={route.id} />
        )}
        {route.name === 'api-keys' && <ApiKeysPage />}
        {route.name === 'not-found' && <NotFoundPage />}
      </main>
      <ToastViewport />
    </ActivityProvider>
  );
}
