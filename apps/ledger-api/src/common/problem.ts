import { HttpException } from '@nestjs/common';
import { FieldError } from '@ledger/domain';

/** An RFC 9457 problem document, as every error of the API is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://partnership-ledger.dev/problems/';

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return { type: `${PROBLEM_BASE}${slug}`, title, status, detail, ...extra };
}

/**
 * A refusal that tells the client when to come back (429, 503): answered as a problem document of its
 * own type, with Retry-After in whole seconds (sendProblem, in problem.filter.ts).
 */
export class RetryLater extends HttpException {
  constructor(
    status: 429 | 503,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail, status);
  }
}

/**
 * An error of a feature that states its own problem document, so that the one filter answering errors
 * (problem.filter.ts) needs no import from any feature. Domain errors stay free of HTTP; these are the
 * application's own refusals.
 */
export abstract class ProblemError extends Error {
  /** A state, not a fault (a read model behind, say): logged as one warning line, without a stack. */
  readonly expected: boolean = false;
  abstract toProblem(): Problem;
}
