import type { Route } from '../lib/router.ts';
import { ActivityBadge } from './ActivityBadge.tsx';
import { Link } from './Link.tsx';

type Props = { route: Route; workspaceName: string | null; onSignOut: () => void };

const NAV = [
  { href: '/', label: 'Connections', names: ['connections', 'job', 'connection-settings'] },
  { href: '/history', label: 'History', names: ['history'] },
  { href: '/records', label: 'Records', names: ['records'] },
  { href: '/settings/api-keys', label: 'API keys', names: ['api-keys'] },
] as const;

export function Header({ route, workspaceName, onSignOut }: Props) {
  return (
    <header className="header">
      <div className="header__brand">
        <Link href="/" className="brand">
          Tributary
        </Link>
        {workspaceName && <span className="header__workspace">{workspaceName}</span>}
      </div>
      <nav aria-label="Main" className="header__nav">
        {NAV.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            aria-current={
              (item.names as readonly string[]).includes(route.name) ? 'page' : undefined
            }
          >
            {item.label}
          </Link>
        ))}
        {/* A page of its own (GraphiQL, served by the API), not a dashboard route. */}
        <a href="/graphql">GraphQL</a>
      </nav>
      <div className="header__end">
        <ActivityBadge />
        <button type="button" className="button button--ghost" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
