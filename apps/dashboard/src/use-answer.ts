import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Answer<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ApiError | Error }
  | { readonly state: 'ready'; readonly data: T };

const LOADING = { state: 'loading' } as const;

/**
 * An API answer for a view, asked again whenever `deps` change (the clocks, a selector).
 *
 * Guarantees: an answer is shown only under the deps it was asked with: from the render in which the
 * deps change, the view is "loading" (never the old figures under the new clocks), and an answer that
 * arrives after the view asked something else is dropped.
 */
export function useAnswer<T>(ask: () => Promise<T>, deps: readonly unknown[]): Answer<T> {
  const key = JSON.stringify(deps);
  const [held, setHeld] = useState<{ key: string; answer: Answer<T> }>({ key, answer: LOADING });
  useEffect(() => {
    let current = true;
    const settle = (answer: Answer<T>) => current && setHeld({ key, answer });
    ask().then(
      (data) => settle({ state: 'ready', data }),
      (error: unknown) =>
        settle({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
    // The caller names what the question depends on (`deps`), as with any effect.
  }, [key]);
  return held.key === key ? held.answer : LOADING;
}
