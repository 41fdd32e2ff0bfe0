import { useEffect, useRef } from 'react';

/**
 * Returns a function that runs `fn` at most once per `intervalMs`; calls in between are
 * folded into one trailing run, so a burst of progress events costs one refetch.
 */
export function useThrottled(fn: () => void, intervalMs: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const state = useRef({ last: 0, timer: null as ReturnType<typeof setTimeout> | null });
  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );
  const ref = useRef(() => {
    const s = state.current;
    const wait = s.last + intervalMs - Date.now();
    if (wait <= 0) {
      s.last = Date.now();
      fnRef.current();
    } else if (!s.timer) {
      s.timer = setTimeout(() => {
        s.timer = null;
        s.last = Date.now();
        fnRef.current();
      }, wait);
    }
  });
  return ref.current;
}
