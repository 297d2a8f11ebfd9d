import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { SCHEMA, ref } from '../openapi/names';
import { AppendedEventsDto } from './append-events/append-events.dto';
import { AppendEvents } from './append-events/append-events.handler';
import { LedgerEventDto, LedgerEventsDto, PartnershipEventsDto } from './event.dto';
import { ReadLedgerQuery, ReadPartnershipEventsQuery } from './read-events/read-events.dto';
import { ReadEvents } from './read-events/read-events.handlers';

@ApiTags('events')
@ApiExtraModels(LedgerEventDto)
@Controller('v1')
export class EventsController {
  constructor(
    private readonly appending: AppendEvents,
    private readonly reading: ReadEvents,
  ) {}

  @Post('partnerships/:partnershipId/events')
  @Endpoint({
    summary: 'Append events to a partnership',
    roles: ['admin', 'partner'],
    description:
      'One event, or a batch of 1–1000 appended atomically (all or none). A partner appends only to ' +
      'partnerships its organization is a member of. The server stamps `recordedAt` and `recordedBy`. ' +
      'Re-posting events whose `eventId`s were already appended with identical content answers 200 with ' +
      'the original receipt.',
    errors: {
      ...BODY_ERRORS,
      404: PARTNERSHIP_NOT_VISIBLE,
      409:
        'Nothing was appended: `expectedVersion` does not match (`currentVersion` in the body), an ' +
        '`eventId` was used with other content, the partnership has ended, or a business rule refuses ' +
        'the event (`code`)',
    },
  })
  @ApiBody({ required: true, schema: ref(SCHEMA.appendBody) })
  @ApiCreatedResponse({
    type: AppendedEventsDto,
    description: 'Appended. A re-post of already appended events answers 200 with the original receipt.',
  })
  @ApiOkResponse({ type: AppendedEventsDto, description: 'Idempotent replay: nothing new was appended' })
  async append(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    // Parsed once, by the domain (parseAppendRequest): the body is not given to Nest's validation pipe.
    @Body() body: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AppendedEventsDto> {
    const { replayed, ...receipt } = await this.appending.append(caller, partnershipId, body, new Date());
    response.status(replayed ? 200 : 201);
    return receipt;
  }

  @Get('partnerships/:partnershipId/events')
  @Endpoint({
    summary: 'Read a partnership’s events',
    roles: ['admin', 'partner', 'auditor'],
    description:
      'In version order, a page at a time. A partner reads ' +
      'only partnerships its organization is a member of.',
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: PartnershipEventsDto })
  read(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Query() query: ReadPartnershipEventsQuery,
  ): Promise<PartnershipEventsDto> {
    return this.reading.ofPartnership(caller, partnershipId, query.fromVersion ?? 1, query.limit ?? 100);
  }

  @Get('events')
  @Endpoint({ summary: 'Read the whole ledger', roles: ['admin', 'auditor'], errors: { 400: true } })
  @ApiOkResponse({ type: LedgerEventsDto, description: 'The whole ledger in position order' })
  readAll(@Query() query: ReadLedgerQuery): Promise<LedgerEventsDto> {
    return this.reading.ofLedger(query.fromPosition ?? 1, query.limit ?? 1000);
  }
}
