import { useEffect } from 'react';

/** Names the page in the browser tab and for screen readers: "Settings · Support inbox — Tributary". */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} — Tributary` : 'Tributary';
  }, [title]);
}
