import { BadRequestException } from '@nestjs/common';

/**
 * JSON.parse reviver for request bodies. A `__proto__` key would turn into prototype changes once a body
 * is copied into DTO instances, and unpaired surrogates have no UTF-8 form, so neither can be stored
 * and hashed faithfully: both are refused with a 400 before anything else looks at the body.
 */
export function rejectProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') {
    throw new BadRequestException(`the request body must not contain the key "${key}"`);
  }
  if (!key.isWellFormed() || (typeof value === 'string' && !value.isWellFormed())) {
    throw new BadRequestException('the request body contains an unpaired UTF-16 surrogate (\\ud800–\\udfff), which is not valid Unicode');
  }
  return value;
}
