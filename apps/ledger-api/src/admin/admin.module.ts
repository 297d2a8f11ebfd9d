import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { MeController } from './me/me.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { Organizations } from './organizations/organizations.commands';

@Module({
  controllers: [OrganizationsController, ApiKeysController, MeController],
  providers: [ApiKeysService, Organizations],
  exports: [ApiKeysService, Organizations],
})
export class AdminModule {}
