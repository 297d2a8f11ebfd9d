import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { DisputeReads } from './dispute-reads';
import { DisputeWrites } from './dispute-writes';
import {
  CommentBody,
  DisputeDto,
  DisputeStepDto,
  DisputesDto,
  DisputesQuery,
  OpenDisputeBody,
  ResolutionBody,
} from './disputes.dto';
import { ClocksQuery } from '../charter/charter.dto';

const READERS = ['admin', 'partner', 'auditor', 'governance'] as const;
const WRITERS = ['admin', 'partner'] as const;
const CLOSED = 'the dispute is resolved or withdrawn (`dispute_closed`), or the partnership has ended';

/** Disputes of an event or a KPI figure (API.md, "Disputes"). */
@ApiTags('disputes')
@Controller('v1/partnerships/:partnershipId/disputes')
export class DisputesController {
  constructor(
    private readonly writes: DisputeWrites,
    private readonly reads: DisputeReads,
  ) {}

  @Post()
  @Endpoint({
    summary: 'Open a dispute of an event or a KPI figure',
    roles: [...WRITERS],
    description: 'Writes dispute.opened. An event has one open dispute at a time.',
    errors: {
      ...BODY_ERRORS,
      404: 'No such partnership, or the subject does not exist (`dispute_subject_not_found`)',
      409: 'the event is already disputed (`already_disputed`) or retracted (`event_retracted`)',
    },
  })
  @ApiBody({ type: OpenDisputeBody, required: true })
  @ApiCreatedResponse({ type: DisputeStepDto })
  open(@CurrentCaller() caller: Caller, @Param('partnershipId') id: string, @Body() body: unknown) {
    return this.writes.open(caller, id, body, new Date());
  }

  @Post(':disputeId/comments')
  @Endpoint({
    summary: 'Comment on a dispute',
    roles: [...WRITERS],
    errors: { ...BODY_ERRORS, 404: 'No such partnership or dispute', 409: CLOSED },
  })
  @ApiBody({ type: CommentBody, required: true })
  @ApiCreatedResponse({ type: DisputeStepDto })
  comment(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() body: unknown,
  ) {
    return this.writes.comment(caller, id, disputeId, body, new Date());
  }

  @Post(':disputeId/resolution')
  @Endpoint({
    summary: 'Propose a resolution (replaces the open proposal)',
    roles: [...WRITERS],
    description: 'The proposing org counts as accepting it. `retract` only with `upheld`, for an event.',
    errors: { ...BODY_ERRORS, 404: 'No such partnership or dispute', 409: CLOSED },
  })
  @ApiBody({ type: ResolutionBody, required: true })
  @ApiCreatedResponse({ type: DisputeStepDto })
  propose(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() body: unknown,
  ) {
    return this.writes.propose(caller, id, disputeId, body, new Date());
  }

  @Post(':disputeId/acceptance')
  @Endpoint({
    summary: 'Accept the proposed resolution',
    roles: [...WRITERS],
    description:
      'When every member org has proposed or accepted it, the ledger appends dispute.resolved and, ' +
      'for `upheld` with `retract`, the event.retracted of the subject, in the same batch.',
    errors: {
      ...BODY_ERRORS,
      403: 'admin has no org to accept for (`org_required`)',
      404: 'No such partnership or dispute',
      409: `nothing proposed (\`no_resolution_proposed\`), already accepted, or ${CLOSED}`,
    },
  })
  @ApiCreatedResponse({ type: DisputeStepDto })
  accept(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() body: unknown,
  ) {
    return this.writes.accept(caller, id, disputeId, body, new Date());
  }

  @Post(':disputeId/withdrawal')
  @Endpoint({
    summary: 'Withdraw a dispute (the opening org)',
    roles: [...WRITERS],
    errors: {
      ...BODY_ERRORS,
      403: 'another org opened it (`not_opener`)',
      404: 'No such partnership or dispute',
      409: CLOSED,
    },
  })
  @ApiCreatedResponse({ type: DisputeStepDto })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('disputeId') disputeId: string,
    @Body() body: unknown,
  ) {
    return this.writes.withdraw(caller, id, disputeId, body, new Date());
  }

  @Get()
  @Endpoint({
    summary: 'List disputes',
    roles: [...READERS],
    description: 'Each as it stood at asOf, in the ledger at atPosition. `overdue` ones are also open.',
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: DisputesDto })
  list(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: DisputesQuery,
  ): Promise<DisputesDto> {
    return this.reads.list(caller, id, query.state, query, new Date());
  }

  @Get(':disputeId')
  @Endpoint({
    summary: 'A dispute with its whole thread',
    roles: [...READERS],
    errors: { 400: true, 404: 'No such partnership or dispute' },
  })
  @ApiOkResponse({ type: DisputeDto })
  one(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('disputeId') disputeId: string,
    @Query() query: ClocksQuery,
  ) {
    return this.reads.one(caller, id, disputeId, query, new Date());
  }
}
