import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FieldError, ValidationFailed } from '@ledger/domain';
import type { Request } from 'express';
import { Observable } from 'rxjs';

/**
 * Refuses, with a path per problem, two things no field of the API may hold and which would otherwise
 * slip through: keys named like Object.prototype members (`__proto__` would become a prototype change once
 * the body is copied into DTOs; `constructor` and friends are silently dropped by validators), and
 * unpaired UTF-16 surrogates, which have no UTF-8 form and so could not be stored and hashed faithfully.
 * Runs after authentication and before validation.
 */
@Injectable()
export class BodyGuardInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<Request>().body as unknown;
    const errors: FieldError[] = [];
    inspect(body, '', errors);
    if (errors.length > 0) throw new ValidationFailed(errors.slice(0, 20));
    return next.handle();
  }
}

function inspect(value: unknown, path: string, errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) errors.push({ path: path || 'body', message: 'contains an unpaired UTF-16 surrogate, which is not valid Unicode' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => inspect(item, `${path}[${i}]`, errors));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__' || key in Object.prototype) errors.push({ path: at, message: 'is not an allowed field' });
      else if (!key.isWellFormed()) errors.push({ path: at, message: 'is a key with an unpaired UTF-16 surrogate, which is not valid Unicode' });
      else inspect((value as Record<string, unknown>)[key], at, errors);
    }
  }
}
