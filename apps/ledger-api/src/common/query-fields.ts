import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { TIMESTAMP_HINT, parseTimestamp } from '@ledger/domain';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** Query fields every read of the ledger's figures shares: the two clocks (asOf, atPosition). */
@ValidatorConstraint({ name: 'timestamp' })
class TimestampRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return parseTimestamp(value) !== null;
  }
  defaultMessage(): string {
    return `must be ${TIMESTAMP_HINT}`;
  }
}

export const Timestamp = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: '2026-06-30T23:59:59Z', description }),
    IsOptional(),
    IsString({ message: `must be ${TIMESTAMP_HINT}` }),
    Validate(TimestampRule),
  );

export const Position = (description: string, min: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: min, description }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' }),
  );

export const AS_OF = 'Business time: only what occurred at or before it counts (default: now)';
export const AT_POSITION = 'Ledger time: the ledger as it stood after this position (default: the head)';
