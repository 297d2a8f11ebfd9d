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
  // A slow client must not hold a connection (and its memory) for long: headers within 10 s, the whole
  // request within 30 s; idle keep-alive connections close after 5 s.
  const server = app.getHttpServer() as import('node:http').Server;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  setUpOpenApi(app);
  return app;
}
