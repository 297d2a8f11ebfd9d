/**
 * Typed domain errors. Domain and application code throw these; one exception filter at the edge turns
 * them into RFC 9457 problem documents. No HTTP knowledge lives here beyond the error's kind.
 */
export interface FieldError {
  /** Where the problem is, in the request's terms: `data.amount`, `events[2].occurredAt`. */
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'conflict' | 'not_found' | 'forbidden';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or names something that cannot be (400). */
export class ValidationFailed extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly errors: readonly FieldError[],
    message = errors.map((e) => `${e.path}: ${e.message}`).join('; '),
  ) {
    super('validation_failed', message);
  }

  /** The same errors, located inside a larger request (`events[3]`). */
  within(prefix: string): ValidationFailed {
    return new ValidationFailed(
      this.errors.map((e) => ({ path: joinPath(prefix, e.path), message: e.message })),
    );
  }
}

/** The input is well-formed but breaks a business rule given the current state (409). */
export class RuleViolation extends DomainError {
  readonly kind = 'conflict';
  constructor(
    code: string,
    message: string,
    readonly path?: string,
    /** Facts a caller acts on (`conflictingDealId`, `protectedUntil`): members of the problem document. */
    readonly details?: Readonly<Record<string, string | number>>,
  ) {
    super(code, message);
  }

  within(prefix: string): RuleViolation {
    const path = joinPath(prefix, this.path ?? '');
    return new RuleViolation(this.code, `${prefix}: ${this.message}`, path, this.details);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
}

export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The caller may not do this to this object (403). */
export class AccessDenied extends DomainError {
  readonly kind = 'forbidden';
}
