import { useCallback, useMemo, useReducer, useSyncExternalStore } from 'react';
import { parseFocusHash, type FocusTarget } from '../../../electron/shared/focus-link';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/**
 * The card the desktop app asks to focus (`#server=<id>`, `#host=<id>`: a
 * notification or tray item was clicked), and `done` to take it back out of
 * the address once focused, so the next click on the same card is news.
 */
export function useFocusLink(): { target: FocusTarget | null; done: () => void } {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const target = useMemo(() => parseFocusHash(hash), [hash]);
  const done = useCallback(() => {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    rerender();
  }, []);
  return { target, done };
}
