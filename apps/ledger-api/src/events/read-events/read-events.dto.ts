import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** An optional whole-number query parameter within [1, max]. */
function QueryInt(max: number | undefined, fallback: number) {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, ...(max ? { maximum: max } : {}), default: fallback }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'must be a whole number' }),
    Min(1, { message: 'must be at least 1' }),
    Max(max ?? Number.MAX_SAFE_INTEGER, { message: `must be at most ${max ?? Number.MAX_SAFE_INTEGER}` }),
  );
}

export class ReadPartnershipEventsQuery {
  @QueryInt(undefined, 1) fromVersion?: number;
  @QueryInt(1000, 100) limit?: number;
}

export class ReadLedgerQuery {
  @QueryInt(undefined, 1) fromPosition?: number;
  @QueryInt(1000, 1000) limit?: number;
}
