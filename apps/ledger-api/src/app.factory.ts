import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ledgerValidationPipe } from './common/validation';
import { DatabaseConfig } from './database/database.module';
import { setUpOpenApi } from './openapi/openapi';

/** Largest accepted request body: a batch of 1000 events with room to spare. */
export const BODY_LIMIT = '4mb';

/** Builds the whole application; main.ts and the tests share it, so tests run what users run. */
export async function createLedgerApp(config: DatabaseConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useGlobalPipes(ledgerValidationPipe());
  setUpOpenApi(app);
  return app;
}
