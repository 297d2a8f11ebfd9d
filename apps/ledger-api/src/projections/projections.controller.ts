import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { ProjectionStatus, ProjectionView } from './projection-status';
import { Rebuilds } from './rebuilds';

class RebuildAcceptedDto {
  @ApiProperty({ format: 'uuid' }) rebuildId!: string;
}

class ProjectionListDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '{name, position, ledgerPosition, lag, state: live|catching_up|rebuilding, generation, rebuild?: {rebuildId, state, processed, total}}' })
  items!: ProjectionView[];
}

@ApiTags('projections')
@ApiBearerAuth()
@Controller('v1/projections')
@Roles('admin', 'auditor')
export class ProjectionsController {
  constructor(
    private readonly rebuilds: Rebuilds,
    private readonly status: ProjectionStatus,
  ) {}

  @Post('rebuild')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RebuildAcceptedDto, description: 'Rebuilds every read model from position 1 beside the live one, then swaps it in; the API keeps answering. A rebuild already under way is returned again.' })
  async rebuild(): Promise<RebuildAcceptedDto> {
    return { rebuildId: (await this.rebuilds.request()).rebuildId };
  }

  @Get()
  @ApiOkResponse({ type: ProjectionListDto })
  async list(): Promise<ProjectionListDto> {
    return { items: [await this.status.view()] };
  }
}
