import { ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailed } from '@ledger/domain';
import { ValidationError } from 'class-validator';

/**
 * The global pipe: whitelists DTO fields, rejects unknown ones (no mass assignment of `position`,
 * `hash`, `recordedBy` …), and reports one entry per bad field with a path a portal developer can follow.
 */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors, '')),
  });
}

export function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    // One message per field is enough; a wrong kind of value ("must be an array") comes before its details.
    const rules = Object.entries(error.constraints ?? {}).sort(([a], [b]) => rank(a) - rank(b));
    const own = rules
      .slice(0, 1)
      .map(([rule, message]) => ({ path, message: wording(rule, message, error.property) }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

const KIND_RULES = new Set([
  'whitelistValidation',
  'isArray',
  'isString',
  'isObject',
  'isInt',
  'isIn',
  'isUuid',
  'isDefined',
]);
const rank = (rule: string) => (KIND_RULES.has(rule) ? 0 : 1);

function wording(rule: string, message: string, property: string): string {
  if (rule === 'whitelistValidation') return 'is not an allowed field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
