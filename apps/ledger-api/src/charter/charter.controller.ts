import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { proposalState } from '@ledger/domain';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE } from '../openapi/endpoint';
import { CharterReads } from './charter-reads';
import { CharterWrites } from './charter-writes';
import {
  ApproveBody,
  AtPositionQuery,
  CharterDto,
  CharterVersionsDto,
  ClocksQuery,
  ProposalCreatedDto,
  ProposalDto,
  ProposalStepDto,
  ProposalsDto,
  ProposalsQuery,
  ProposeCharterBody,
  RejectBody,
} from './charter.dto';

const READERS = ['admin', 'partner', 'auditor', 'governance'] as const;
const STEP_CONFLICTS =
  'The proposal is closed (`proposal_closed`), another version was adopted since its base version ' +
  '(`charter_superseded`), the definitionHash is not the proposal’s (`definition_hash_mismatch`) or ' +
  'this org already approved (`already_approved`)';

@ApiTags('charter')
@Controller('v1/partnerships/:partnershipId/charter')
export class CharterController {
  constructor(
    private readonly writes: CharterWrites,
    private readonly reads: CharterReads,
  ) {}

  @Post('proposals')
  @Endpoint({
    summary: 'Propose a charter version',
    roles: ['admin', 'partner'],
    description: 'The proposing org’s proposal counts as its approval. Writes charter.proposed.',
    errors: { ...BODY_ERRORS, 404: PARTNERSHIP_NOT_VISIBLE, 409: 'The partnership has ended' },
  })
  @ApiBody({ type: ProposeCharterBody, required: true })
  @ApiCreatedResponse({ type: ProposalCreatedDto })
  async propose(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Body() body: unknown,
  ): Promise<ProposalCreatedDto> {
    const { proposalId, state, events } = await this.writes.propose(caller, id, body, new Date());
    const p = state.governance.proposals.get(proposalId)!;
    return {
      proposalId,
      baseVersion: p.baseVersion,
      definitionHash: p.definitionHash,
      state: 'open',
      approvals: p.approvals.map((a) => a.orgId),
      position: events[0].position,
    };
  }

  @Post('proposals/:proposalId/approvals')
  @Endpoint({
    summary: 'Approve a charter proposal',
    roles: ['admin', 'partner'],
    description:
      'Adopted (charter.adopted in the same batch) when every member org has approved the same ' +
      'definitionHash. An approval is an organization’s: admin gets 403 `org_required`.',
    errors: {
      ...BODY_ERRORS,
      403: 'admin has no org to approve for',
      404: 'No such partnership or proposal',
      409: STEP_CONFLICTS,
    },
  })
  @ApiBody({ type: ApproveBody, required: true })
  @ApiCreatedResponse({ type: ProposalStepDto })
  async approve(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('proposalId') proposalId: string,
    @Body() body: unknown,
  ): Promise<ProposalStepDto> {
    return step(proposalId, await this.writes.approve(caller, id, proposalId, body, new Date()));
  }

  @Post('proposals/:proposalId/rejections')
  @Endpoint({
    summary: 'Reject a charter proposal',
    roles: ['admin', 'partner'],
    description: 'By any member but the proposing org (which withdraws instead). Closes the proposal.',
    errors: {
      ...BODY_ERRORS,
      403: 'the proposing org rejects its own proposal',
      404: 'No such partnership or proposal',
      409: STEP_CONFLICTS,
    },
  })
  @ApiBody({ type: RejectBody, required: true })
  @ApiCreatedResponse({ type: ProposalStepDto })
  async reject(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('proposalId') proposalId: string,
    @Body() body: unknown,
  ): Promise<ProposalStepDto> {
    return step(proposalId, await this.writes.reject(caller, id, proposalId, body, new Date()));
  }

  @Post('proposals/:proposalId/withdrawal')
  @Endpoint({
    summary: 'Withdraw a charter proposal',
    roles: ['admin', 'partner'],
    description: 'By the proposing org (or admin). Closes the proposal.',
    errors: {
      400: true,
      403: 'not the proposing org',
      404: 'No such partnership or proposal',
      409: STEP_CONFLICTS,
    },
  })
  @ApiCreatedResponse({ type: ProposalStepDto })
  async withdraw(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('proposalId') proposalId: string,
  ): Promise<ProposalStepDto> {
    return step(proposalId, await this.writes.withdraw(caller, id, proposalId, new Date()));
  }

  @Get('proposals')
  @Endpoint({
    summary: 'List charter proposals',
    roles: [...READERS],
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: ProposalsDto })
  list(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: ProposalsQuery,
  ): Promise<ProposalsDto> {
    return this.reads.proposals(caller, id, query.state, query.atPosition);
  }

  @Get('proposals/:proposalId')
  @Endpoint({
    summary: 'Get a charter proposal and what it changes',
    roles: [...READERS],
    description: '`changes`: every field that differs from the version it was based on (defaults filled in).',
    errors: { 400: true, 404: 'No such partnership or proposal' },
  })
  @ApiOkResponse({ type: ProposalDto })
  get(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Param('proposalId') proposalId: string,
    @Query() query: AtPositionQuery,
  ): Promise<ProposalDto> {
    return this.reads.proposal(caller, id, proposalId, query.atPosition);
  }

  @Get()
  @Endpoint({
    summary: 'The charter in force',
    roles: [...READERS],
    description: 'At asOf (business time), under atPosition (ledger time); with its chair at asOf.',
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: CharterDto })
  charter(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: ClocksQuery,
  ): Promise<CharterDto> {
    return this.reads.charter(caller, id, query, new Date());
  }

  @Get('versions')
  @Endpoint({
    summary: 'Adopted charter versions',
    roles: [...READERS],
    errors: { 400: true, 404: PARTNERSHIP_NOT_VISIBLE },
  })
  @ApiOkResponse({ type: CharterVersionsDto })
  versions(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: AtPositionQuery,
  ): Promise<CharterVersionsDto> {
    return this.reads.versions(caller, id, query.atPosition);
  }
}

function step(proposalId: string, written: Awaited<ReturnType<CharterWrites['approve']>>): ProposalStepDto {
  const p = written.state.governance.proposals.get(proposalId)!;
  const adopted = written.events.find((e) => e.type === 'charter.adopted');
  const version = written.state.governance.versions.find((v) => v.proposalId === proposalId)?.version;
  return {
    proposalId,
    state: proposalState(written.state.governance, p),
    ...(adopted && version !== undefined ? { version } : {}),
    position: written.events.at(-1)!.position,
  };
}
