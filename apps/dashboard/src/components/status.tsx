import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import type { Answer } from '../use-answer';

/** What a view shows while its answer is on the way, or when the API refused it (its own words). */
export function Pending<T>({
  answer,
  what,
  children,
}: {
  answer: Answer<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (answer.state === 'loading')
    return (
      <p class="muted" role="status">
        Loading {what}…
      </p>
    );
  if (answer.state === 'error') return <Refused error={answer.error} what={what} />;
  return <>{children(answer.data)}</>;
}

export function Refused({ error, what }: { error: Error; what: string }) {
  const status = error instanceof ApiError ? ` (${error.problem.status})` : '';
  return (
    <p class="alert bad" role="alert">
      Could not load {what}
      {status}: {error.message}
    </p>
  );
}
