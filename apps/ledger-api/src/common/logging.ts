import { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { Logger } from 'pino';

/**
 * The process's one logger: pino, JSON lines on stdout. Fastify logs through it, and Nest through
 * NestPinoLogger, so every line has the same shape.
 *
 * Guarantees: an Authorization header is never logged (requests are logged as method, URL, status and
 * duration only); Nest's start-up chatter (a line per module and route) is at debug, so the banner is
 * what a newcomer sees at the default level.
 */
export function createLogger(level: string): Logger {
  return pino({ level, redact: ['req.headers.authorization'] });
}

/** Nest's bootstrap contexts: one line per module and route at start-up, useful only when debugging. */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Start-up chatter goes to debug; so does Nest's report of a failed listen, which main.ts prints as one line.
 */
function quieter(level: Level, context: string | undefined, message: unknown): Level {
  if (level === 'info' && context && START_UP_CONTEXTS.has(context)) return 'debug';
  if (level === 'error' && context === 'NestApplication' && String(message).includes('listen E'))
    return 'debug';
  return level;
}

export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes `(message, ...extra, context)`; an error's extra is its stack. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const effective = quieter(level, context, message);
    if (!this.pino.isLevelEnabled(effective)) return;
    const text = rest.filter((p): p is string => typeof p === 'string');
    const stack = text.find((t) => t.includes('\n    at '));
    const fields = { context, ...(stack ? { stack } : {}) };
    if (message !== null && typeof message === 'object') {
      this.pino[effective]({ ...fields, ...message }, text.filter((t) => t !== stack).join(' ') || undefined);
    } else {
      this.pino[effective](fields, String(message));
    }
  }
}

/**
 * One line per answered request, as pino-http wrote it: method, URL, status, milliseconds. A request
 * its client gave up on (the connection closed before the answer, often mid-body) is one line at debug:
 * it is the client's doing, and an error line per impatient client would bury real errors.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequestAbort', (request, done) => {
    logger.debug({ method: request.method, url: request.url }, 'request aborted by the client');
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (logger.isLevelEnabled(level)) {
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      logger[level](
        { method: request.method, url: request.url, statusCode: reply.statusCode, ms },
        'request',
      );
    }
    done();
  });
}
