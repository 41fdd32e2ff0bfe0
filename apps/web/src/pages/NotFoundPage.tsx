import { Link } from '../components/Link.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** An address the dashboard has no page for. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        <Link href="/">Back to connections</Link>
      </p>
    </section>
  );
}
