import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { HeadCheck } from './head-check';
import { HeadsService } from './heads.service';
import { SigningKeyCheck } from './key-check';
import { LedgerEvents } from './ledger-events';
import { LedgerController } from './ledger.controller';
import { SigningKey } from './signing-key';
import { SigningKeysController } from './signing-keys.controller';
import { TreeService } from './tree.service';
import { VerifyService } from './verify.service';
import { WitnessingService } from './witnessing.service';

@Module({
  imports: [PartnershipsModule],
  controllers: [LedgerController, SigningKeysController],
  providers: [
    SigningKey,
    SigningKeyCheck,
    TreeService,
    HeadsService,
    HeadCheck,
    VerifyService,
    WitnessingService,
    LedgerEvents,
  ],
})
export class LedgerModule {}
