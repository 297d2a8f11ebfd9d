import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { CharterReads } from './charter-reads';
import { CharterWrites } from './charter-writes';
import {
  ActionCompletedDto,
  ActionsDto,
  ActionsQuery,
  AtPositionQuery,
  CompletionBody,
  ReviewBody,
  ReviewHeldDto,
  ReviewsDto,
} from './charter.dto';

const READERS = ['admin', 'partner', 'auditor', 'governance'] as const;

/** Reviews held by the chair and the actions they agree (API.md, "Charter" → Reviews). */
@ApiTags('charter')
@Controller('v1/partnerships/:partnershipId')
export class ReviewsController {
  constructor(
    private readonly writes: CharterWrites,
    private readonly reads: CharterReads,
  ) {}

  @Post('reviews')
  @Endpoint({
    summary: 'Record a partnership review',
    roles: ['admin', 'partner'],
    description:
      'Only the chair org of the period containing periodStart (else 403 `not_chair`). Writes review.held.',
    errors: {
      ...BODY_ERRORS,
      403: 'not the chair of that period (`not_chair`)',
      404: PARTNERSHIP_NOT_VISIBLE,
      409: 'an actionId is taken, or the partnership has ended',
    },
  })
  @ApiBody({ type: ReviewBody, required: true })
  @ApiCreatedResponse({ type: ReviewHeldDto })
  async review(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Body() body: unknown,
  ): Promise<ReviewHeldDto> {
    const { reviewId, actionIds, events } = await this.writes.review(caller, id, body, new Date());
    return { reviewId, actionIds, position: events[0].position };
  }

  @Post('actions/:actionId/completion')
  @Endpoint({
    summary: 'Complete a review action',
    roles: ['admin', 'partner'],
    description: 'Any member. Writes action.completed.',
    errors: {
      ...BODY_ERRORS,
      404: 'No such partnership or action',
      409: 'already completed (`action_already_completed`)',
    },
  })
  @ApiBody({ type: CompletionBody, required: true })
  @ApiCreatedResponse({ type: ActionCompletedDto })
  async complete(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('actionId') actionId: string,
    @Body() body: unknown,
  ): Promise<ActionCompletedDto> {
    const { events } = await this.writes.complete(caller, id, actionId, body, new Date());
    return { actionId, position: events[0].position };
  }

  @Get('reviews')
  @Endpoint({
    summary: 'List reviews',
    roles: [...READERS],
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: ReviewsDto })
  reviews(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: AtPositionQuery,
  ): Promise<ReviewsDto> {
    return this.reads.reviews(caller, id, query.atPosition);
  }

  @Get('actions')
  @Endpoint({
    summary: 'List review actions',
    roles: [...READERS],
    description: '`overdue`: open past its dueDate at asOf (such an action is also listed as open).',
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: ActionsDto })
  actions(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: ActionsQuery,
  ): Promise<ActionsDto> {
    return this.reads.actions(caller, id, query.state, query, new Date());
  }
}
