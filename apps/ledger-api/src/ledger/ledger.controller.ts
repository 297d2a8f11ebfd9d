import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectEntityManager } from '@nestjs/typeorm';
import { NotFound } from '@ledger/domain';
import type { FastifyReply } from 'fastify';
import { EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PublicEndpoint } from '../openapi/endpoint';
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

const sizeParam = new ParseIntPipe({
  exceptionFactory: () => new NotFound('head_not_found', 'a tree size is a whole number'),
});

@ApiTags('verification')
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
  @Endpoint({ summary: 'Get the signed tree head', roles: ['admin', 'auditor', 'partner', 'governance'] })
  @ApiOkResponse({
    type: SignedHeadDto,
    description: 'The signed head of the current tree; one signature per tree size, ever',
  })
  head(): Promise<SignedHeadDto> {
    return this.heads.latest();
  }

  @Get('public-key')
  @PublicEndpoint({
    summary: 'Get the ledger’s public key',
    description: 'The Ed25519 key that signs heads.',
  })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    return {
      keyId: this.key.keyId,
      publicKey: this.key.publicKeyPem,
      jwk: this.key.publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
    };
  }

  @Get('key-rotations')
  @PublicEndpoint({
    summary: 'List the signing key’s rotations',
    description: 'Each rotation is signed by the key before it (null when that key was lost); oldest first.',
  })
  @ApiOkResponse({
    type: KeyRotationsDto,
    description: 'The signing key’s history: a partner who pinned an older key follows it to the current one',
  })
  async keyRotations(): Promise<KeyRotationsDto> {
    return { items: await readChain(this.manager) };
  }

  @Get('heads/:treeSize')
  @Endpoint({
    summary: 'Get the signed head of a tree size',
    roles: ['admin', 'auditor', 'partner', 'governance'],
    description:
      'Signed the first time the size is asked for, then the same head forever; with its cosignatures.',
    errors: { 400: true, 404: 'The ledger has not reached this size, or the size is not a whole number' },
  })
  @ApiOkResponse({ type: HeadWithCosignaturesDto })
  headOfSize(@Param('treeSize', sizeParam) treeSize: number): Promise<HeadWithCosignaturesDto> {
    if (treeSize < 0) throw new NotFound('head_not_found', 'a tree size is a whole number');
    return this.heads.withCosignatures(treeSize);
  }

  @Post('heads/:treeSize/cosignatures')
  @Endpoint({
    summary: 'Countersign a tree head',
    roles: ['admin', 'auditor', 'partner'],
    description:
      'An Ed25519 signature, by a registered key, over the canonical JSON the ledger signed itself.',
    errors: {
      ...BODY_ERRORS,
      400: 'Invalid request, an unknown keyId, or a signature that does not verify',
      403: 'the key belongs to another organization than the caller’s',
      404: 'No head of this tree size has been issued yet',
    },
  })
  @ApiCreatedResponse({
    type: HeadWithCosignaturesDto,
    description: 'Countersigned; 200 when this key had already countersigned this head',
  })
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
  @Endpoint({
    summary: 'Get an inclusion proof',
    roles: ['admin', 'auditor', 'partner', 'governance'],
    description:
      'RFC 9162 §2.1.3. Partners: only for events of their own partnerships. Governance: any position ' +
      '(a proof holds hashes only, no event content), so a dashboard can prove the figures it shows.',
    errors: { 400: true, 404: 'No event at this position is visible to this key' },
  })
  @ApiOkResponse({
    type: InclusionProofDto,
    description: 'Partners: only for events of their own partnerships',
  })
  async inclusion(
    @CurrentCaller() caller: Caller,
    @Query() query: InclusionQuery,
  ): Promise<InclusionProofDto> {
    await this.events.assertReadable(caller, query.position);
    const treeSize = query.treeSize ?? (await this.tree.head());
    const { leafHash, auditPath } = await this.tree.inclusion(query.position, treeSize);
    return { leafIndex: query.position - 1, position: query.position, treeSize, leafHash, auditPath };
  }

  @Get('proofs/consistency')
  @Endpoint({
    summary: 'Get a consistency proof',
    roles: ['admin', 'auditor', 'partner', 'governance'],
    description: 'RFC 9162 §2.1.4. Hashes only: every role may prove the ledger only grew.',
    errors: { 400: true },
  })
  @ApiOkResponse({ type: ConsistencyProofDto })
  async consistency(@Query() query: ConsistencyQuery): Promise<ConsistencyProofDto> {
    const to = query.to ?? (await this.tree.head());
    return { fromSize: query.from, toSize: to, proof: await this.tree.consistency(query.from, to) };
  }

  @Post('verify')
  @HttpCode(200)
  @Endpoint({
    summary: 'Verify the whole ledger',
    roles: ['admin', 'auditor'],
    description:
      'Recomputes every leaf from the stored event, and the root; ' +
      'reports any row changed behind the API’s back.',
  })
  @ApiOkResponse({
    type: VerifyReportDto,
    description: 'Every leaf recomputed from the stored fields, and the root',
  })
  verify(): Promise<VerifyReport> {
    return this.verifier.verify();
  }
}
