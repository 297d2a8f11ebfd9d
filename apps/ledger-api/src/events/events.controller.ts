import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@ledger/domain';
import type { FastifyReply } from 'fastify';
import { Caller } from '../auth/caller';
import { CurrentCaller, Roles } from '../auth/decorators';
import { AppendEventsDto, AppendedEventsDto } from './append-events/append-events.dto';
import { AppendEvents } from './append-events/append-events.handler';
import { LedgerEventsDto, PartnershipEventsDto } from './event.dto';
import { ReadLedgerQuery, ReadPartnershipEventsQuery } from './read-events/read-events.dto';
import { ReadLedger, ReadPartnershipEvents } from './read-events/read-events.handlers';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1')
export class EventsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('partnerships/:partnershipId/events')
  @Roles('admin', 'partner')
  @ApiCreatedResponse({ type: AppendedEventsDto, description: 'Appended. A re-post of already appended events answers 200 with the original receipt.' })
  @ApiOkResponse({ type: AppendedEventsDto, description: 'Idempotent replay: nothing new was appended' })
  async append(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Body() body: AppendEventsDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AppendedEventsDto> {
    assertOneForm(body);
    const { replayed, ...receipt } = await this.commands.execute(new AppendEvents(caller, partnershipId, body, new Date()));
    response.status(replayed ? 200 : 201);
    return receipt;
  }

  @Get('partnerships/:partnershipId/events')
  @Roles('admin', 'partner', 'auditor')
  @ApiOkResponse({ type: PartnershipEventsDto })
  read(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Query() query: ReadPartnershipEventsQuery,
  ): Promise<PartnershipEventsDto> {
    return this.queries.execute(new ReadPartnershipEvents(caller, partnershipId, query.fromVersion ?? 1, query.limit ?? 100));
  }

  @Get('events')
  @Roles('admin', 'auditor')
  @ApiOkResponse({ type: LedgerEventsDto, description: 'The whole ledger in position order' })
  readAll(@Query() query: ReadLedgerQuery): Promise<LedgerEventsDto> {
    return this.queries.execute(new ReadLedger(query.fromPosition ?? 1, query.limit ?? 1000));
  }
}

function assertOneForm(body: AppendEventsDto): void {
  if (body.events === undefined) return;
  const stray = (['eventId', 'type', 'occurredAt', 'data'] as const).filter((k) => body[k] !== undefined);
  if (stray.length > 0) {
    throw new ValidationFailed(stray.map((k) => ({ path: k, message: 'must not be sent with events: a body is either one event or {expectedVersion?, events: [...]}' })));
  }
}
