import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Answer<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError | Error }
  | { readonly state: 'ready'; readonly data: T };

/**
 * An API answer for a view: asked again whenever `deps` change (the clocks, a selector); an answer that
 * arrives after the view asked something else is dropped, so a slow old answer never overwrites a new one.
 */
export function useAnswer<T>(ask: () => Promise<T>, deps: readonly unknown[]): Answer<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setAnswer({ state: 'loading' });
    ask().then(
      (data) => current && setAnswer({ state: 'ready', data }),
      (error: unknown) =>
        current &&
        setAnswer({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
    // The caller names what the question depends on (`deps`), as with any effect.
  }, deps);
  return answer;
}
