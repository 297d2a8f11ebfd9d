import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectEntityManager } from '@nestjs/typeorm';
import { NotFound } from '@ledger/domain';
import type { FastifyReply } from 'fastify';
import { EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { CurrentCaller, Public, Roles } from '../auth/decorators';
import { LedgerEvents } from './ledger-events';
import {
  ConsistencyProofDto,
  ConsistencyQuery,
  CosignDto,
  HeadWithCosignaturesDto,
  InclusionProofDto,
  InclusionQuery,
  KeyRotationsDto,
  PublicKeyDto,
  SignedHeadDto,
  VerifyReportDto,
} from './ledger.dto';
import { HeadsService } from './heads.service';
import { readChain } from './key-history';
import { SigningKey } from './signing-key';
import { TreeService } from './tree.service';
import { VerifyReport, VerifyService } from './verify.service';
import { WitnessingService } from './witnessing.service';

const sizeParam = new ParseIntPipe({ exceptionFactory: () => new NotFound('head_not_found', 'a tree size is a whole number') });

@ApiTags('verification')
@ApiBearerAuth()
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    private readonly heads: HeadsService,
    private readonly tree: TreeService,
    private readonly key: SigningKey,
    private readonly verifier: VerifyService,
    private readonly witnessing: WitnessingService,
    private readonly events: LedgerEvents,
    @InjectEntityManager() private readonly manager: EntityManager,
  ) {}

  @Get('head')
  @Roles('admin', 'auditor', 'partner', 'governance')
  @ApiOkResponse({ type: SignedHeadDto, description: 'The signed head of the current tree; one signature per tree size, ever' })
  head(): Promise<SignedHeadDto> {
    return this.heads.latest();
  }

  @Get('public-key')
  @Public()
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    return { keyId: this.key.keyId, publicKey: this.key.publicKeyPem, jwk: this.key.publicKey.export({ format: 'jwk' }) as Record<string, unknown> };
  }

  @Get('key-rotations')
  @Public()
  @ApiOkResponse({
    type: KeyRotationsDto,
    description: 'The signing key’s history: a partner who pinned an older key follows it to the current one',
  })
  async keyRotations(): Promise<KeyRotationsDto> {
    return { items: await readChain(this.manager) };
  }

  @Get('heads/:treeSize')
  @Roles('admin', 'auditor', 'partner', 'governance')
  @ApiOkResponse({ type: HeadWithCosignaturesDto })
  headOfSize(@Param('treeSize', sizeParam) treeSize: number): Promise<HeadWithCosignaturesDto> {
    if (treeSize < 0) throw new NotFound('head_not_found', 'a tree size is a whole number');
    return this.heads.withCosignatures(treeSize);
  }

  @Post('heads/:treeSize/cosignatures')
  @Roles('admin', 'auditor', 'partner')
  @ApiCreatedResponse({ type: HeadWithCosignaturesDto, description: 'Countersigned; 200 when this key had already countersigned this head' })
  async cosign(
    @CurrentCaller() caller: Caller,
    @Param('treeSize', sizeParam) treeSize: number,
    @Body() body: CosignDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<HeadWithCosignaturesDto> {
    const { created } = await this.witnessing.cosign(caller, treeSize, body.keyId, body.signature);
    response.status(created ? 201 : 200);
    return this.heads.withCosignatures(treeSize);
  }

  @Get('proofs/inclusion')
  @Roles('admin', 'auditor', 'partner')
  @ApiOkResponse({ type: InclusionProofDto, description: 'Partners: only for events of their own partnerships' })
  async inclusion(@CurrentCaller() caller: Caller, @Query() query: InclusionQuery): Promise<InclusionProofDto> {
    await this.events.assertReadable(caller, query.position);
    const treeSize = query.treeSize ?? (await this.tree.head());
    const { leafHash, auditPath } = await this.tree.inclusion(query.position, treeSize);
    return { leafIndex: query.position - 1, position: query.position, treeSize, leafHash, auditPath };
  }

  @Get('proofs/consistency')
  @Roles('admin', 'auditor', 'partner')
  @ApiOkResponse({ type: ConsistencyProofDto })
  async consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofDto> {
    const to = query.to ?? (await this.tree.head());
    return { fromSize: query.from, toSize: to, proof: await this.tree.consistency(query.from, to) };
  }

  @Post('verify')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOkResponse({ type: VerifyReportDto, description: 'Every leaf recomputed from the stored fields, and the root' })
  verify(): Promise<VerifyReport> {
    return this.verifier.verify();
  }
}
