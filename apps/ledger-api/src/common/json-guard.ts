import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FieldError, ValidationFailed } from '@ledger/domain';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** Deeper than any request of the API needs; deeper input is refused before anything walks it recursively. */
export const MAX_DEPTH = 32;

/**
 * Refuses, with a path per problem, what no field of the API may hold and what would otherwise slip
 * through validation or break storage: keys named like Object.prototype members (`__proto__` would
 * become a prototype change once the body is copied into DTOs; `constructor` and friends are silently
 * dropped by validators); NUL characters and unpaired UTF-16 surrogates (PostgreSQL cannot store the
 * first, UTF-8 cannot encode the second, so neither could be kept and hashed faithfully); numbers that
 * JSON parsing turned into Infinity (`1e400`); and nesting deeper than MAX_DEPTH. Checks the body, the
 * query string and the path parameters. Runs after authentication and before validation; iterative.
 */
@Injectable()
export class BodyGuardInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const errors = [
      ...inspect(request.body, ''),
      ...inspect(request.query, ''),
      ...inspect(request.params, ''),
    ];
    if (errors.length > 0) throw new ValidationFailed(errors.slice(0, 20));
    return next.handle();
  }
}

export function inspect(root: unknown, rootPath: string): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0 && errors.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) errors.push({ path: path || 'body', message: problem });
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) errors.push({ path: path || 'body', message: 'must be a finite number' });
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        errors.push({
          path: path || 'body',
          message: `is nested too deeply (more than ${MAX_DEPTH} levels)`,
        });
        continue;
      }
      if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
        continue;
      }
      for (const key of Object.keys(value)) {
        const at = path ? `${path}.${key}` : key;
        const keyProblem =
          key === '__proto__' || key in Object.prototype ? 'is not an allowed field' : stringProblem(key);
        if (keyProblem) errors.push({ path: at, message: keyProblem });
        else stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
      }
    }
  }
  return errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character, which cannot be stored';
  if (!s.isWellFormed()) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return undefined;
}
