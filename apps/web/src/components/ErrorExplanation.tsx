import type { Provider } from '../generated/graphql.ts';
import { explainError } from '../lib/explain-error.ts';

/** A sync error as cause and fix, with the provider's own words behind "Details". */
export function ErrorExplanation({
  message,
  code,
  provider,
  resumesAt,
}: {
  message: string | null | undefined;
  code?: string | null;
  provider?: Provider | null;
  resumesAt?: string | null;
}) {
  const explained = explainError({ message, code, provider, resumesAt });
  if (!explained) return null;
  return (
    <div className="explained" data-testid="error-explanation">
      <p className="explained__cause">{explained.cause}</p>
      {explained.fix && <p className="explained__fix">{explained.fix}</p>}
      {explained.details && (
        <details className="explained__details">
          <summary>Details</summary>
          <pre>{explained.details}</pre>
        </details>
      )}
    </div>
  );
}
