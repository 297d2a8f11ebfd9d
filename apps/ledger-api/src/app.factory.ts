import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { Authenticator } from './auth/authenticator';
import { identifyOnArrival } from './auth/on-arrival';
import { limitBodyReads } from './common/body-reads';
import { clientErrorAnswerer } from './common/client-errors';
import { BODY_LIMIT_BYTES, acceptJsonBodies } from './common/json-body';
import { NestPinoLogger, createLogger, logRequests } from './common/logging';
import { answerFrameworkError } from './common/problem.filter';
import { ledgerValidationPipe } from './common/validation';
import { serveDashboard } from './dashboard/serve-dashboard';
import { DatabaseConfig } from './database/database.module';
import { setUpOpenApi } from './openapi/openapi';

/** Builds the whole application; main.ts and the tests share it, so tests run what users run. */
export async function createLedgerApp(config: DatabaseConfig): Promise<INestApplication> {
  // Fastify, not Express: the same route with the same guard answers 63,000 req/s against Express's
  // 11,000 on our benchmark machine (BENCHMARKS.md), and every read of the API is mostly that pipeline.
  // Path parameters up to 1000 characters reach validation, which names the field; longer is a 414.
  const logger = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    trustProxy: false,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: clientErrorAnswerer(logger),
    // Node enforces the timeouts below when it checks its connections: every second, not every 30.
    http: { connectionsCheckingInterval: 1_000 },
  });
  logRequests(adapter.getInstance(), logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodies(fastify);
  await app.register(helmet, { contentSecurityPolicy: false });
  // Keys are checked as soon as the headers are in; only then may a body take one of the read slots.
  identifyOnArrival(fastify, app.get(Authenticator));
  limitBodyReads(fastify, config.maxBodyReads);
  app.useGlobalPipes(ledgerValidationPipe());
  // A slow client must not hold a connection (and its memory) for long: headers within 10 s, the whole
  // request within 30 s; idle keep-alive connections close after 5 s.
  const server = app.getHttpServer() as import('node:http').Server;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  setUpOpenApi(app);
  await serveDashboard(fastify);
  return app;
}
