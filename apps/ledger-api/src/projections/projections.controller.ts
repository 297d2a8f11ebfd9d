import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Endpoint } from '../openapi/endpoint';
import { ProjectionStatus, ProjectionView } from './projection-status';
import { Rebuilds } from '../read-model/rebuilds';

class RebuildAcceptedDto {
  @ApiProperty({ format: 'uuid' }) rebuildId!: string;
}

class RebuildProgressDto {
  @ApiProperty({ format: 'uuid' }) rebuildId!: string;
  @ApiProperty({ enum: ['requested', 'running', 'completed', 'failed'] }) state!: string;
  @ApiProperty({ type: 'integer' }) processed!: number;
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional() startedAt?: string;
  @ApiPropertyOptional() finishedAt?: string;
}

class ProjectionViewDto {
  @ApiProperty({ example: 'kpis' }) name!: string;
  @ApiProperty({ type: 'integer', description: 'The last ledger position applied' }) position!: number;
  @ApiProperty({ type: 'integer' }) ledgerPosition!: number;
  @ApiProperty({ type: 'integer', description: 'ledgerPosition − position' }) lag!: number;
  @ApiProperty({ enum: ['live', 'catching_up', 'rebuilding'] }) state!: ProjectionView['state'];
  @ApiProperty({ type: 'integer' }) generation!: number;
  @ApiProperty({ description: 'Whether this process is the one applying events' }) leader!: boolean;
  @ApiPropertyOptional({ description: 'The last error applying events, if any' }) error?: string;
  @ApiPropertyOptional({ type: RebuildProgressDto, description: 'The latest rebuild' })
  rebuild?: RebuildProgressDto;
}

class ProjectionListDto {
  @ApiProperty({ type: [ProjectionViewDto] }) items!: ProjectionView[];
}

@ApiTags('projections')
@Controller('v1/projections')
export class ProjectionsController {
  constructor(
    private readonly rebuilds: Rebuilds,
    private readonly status: ProjectionStatus,
  ) {}

  @Post('rebuild')
  @HttpCode(202)
  @Endpoint({ summary: 'Rebuild the read models', roles: ['admin', 'auditor'] })
  @ApiAcceptedResponse({
    type: RebuildAcceptedDto,
    description:
      'Rebuilds every read model from position 1 beside the live one, then swaps it in; the API ' +
      'keeps answering. A rebuild already under way is returned again.',
  })
  async rebuild(): Promise<RebuildAcceptedDto> {
    return { rebuildId: (await this.rebuilds.request()).rebuildId };
  }

  @Get()
  @Endpoint({ summary: 'List the projections and their progress', roles: ['admin', 'auditor'] })
  @ApiOkResponse({ type: ProjectionListDto })
  async list(): Promise<ProjectionListDto> {
    return { items: [await this.status.view()] };
  }
}
