import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { AccessDenied, DomainError, NotFound, RuleViolation, ValidationFailed } from '@ledger/domain';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  LedgerIntegrityError,
  StoreBusyError,
  StoreUnavailableError,
  StoredTreeDamaged,
  WrongExpectedVersionError,
  isUnavailable,
} from '@ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Busy } from './admission';
import { Problem, ProblemError, RetryLater, problem } from './problem';

/**
 * The one place where errors become HTTP answers: RFC 9457 problem documents. Domain and application
 * code throw typed errors and never know about HTTP.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (wentAway(request)) {
      // The client closed the connection while sending: no one to answer, nothing failed here. Its
      // socket error (ECONNRESET) is not the database's; the abort is logged at debug (logging.ts).
      const gone = new BadRequestException('the client closed the connection mid-request');
      sendProblem(response, gone, request.url);
      return;
    }
    const body = sendProblem(response, error, request.originalUrl);
    // A state, not a fault (a read model behind, say): one warning line, no stack.
    if (error instanceof ProblemError && error.expected)
      this.logger.warn({ instance: body.instance }, body.detail);
    else if (body.status >= 500) this.logger.error({ err: error, instance: body.instance }, body.detail);
  }
}

/**
 * Errors Fastify's router raises before any route runs (a path that is not valid percent-encoding, a
 * path parameter beyond the router's length limit): answered as problem documents all the same.
 */
export function answerFrameworkError(
  error: { message: string; statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(reply, new HttpException(error.message, error.statusCode ?? 400), request.url);
}

/** A request whose client went away before all of it had arrived (no handler has run for it). */
function wentAway(request: FastifyRequest): boolean {
  return request.raw.destroyed && !request.raw.complete;
}

/** Answers `error` as a problem document about `url`'s path, with the headers its status calls for. */
function sendProblem(reply: FastifyReply, error: unknown, url: string | undefined) {
  const body = { ...problemFor(error), instance: url?.split('?')[0] };
  // Refusals that know when to come back say so; any other 503 (an outage) says one second.
  const retryAfter =
    error instanceof RetryLater || error instanceof Busy ? error.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
  else if (body.status === 503) reply.header('Retry-After', '1');
  if (body.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  reply.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  return body;
}

/** The problem document an error is answered with. */
export function problemFor(error: unknown): Problem {
  if (error instanceof DomainError) return fromDomain(error);
  if (error instanceof WrongExpectedVersionError) {
    return problem(
      409,
      'wrong-expected-version',
      'Version conflict',
      `expectedVersion ${String(error.expected)} does not match the partnership's current ` +
        `version ${error.actual}; nothing was appended`,
      { currentVersion: error.actual },
    );
  }
  if (error instanceof IdempotencyConflictError) {
    return problem(
      409,
      'event-id-conflict',
      'Event id already used',
      `${error.message}; nothing was appended`,
    );
  }
  if (error instanceof InvalidAppendError)
    return problem(400, 'invalid-append', 'Invalid append', error.message);
  if (error instanceof StoreBusyError) {
    const detail = `${error.message}; retry with the same eventIds, which is safe`;
    return problem(503, 'ledger-busy', 'Ledger busy', detail);
  }
  if (error instanceof StoreUnavailableError) {
    return problem(
      503,
      'database-unavailable',
      'Service unavailable',
      `${error.message}; retry with the same eventIds, which is safe`,
    );
  }
  if (error instanceof Busy) {
    const detail = `${error.message} (the limit of its kind); retry after ${error.retryAfterSeconds} s`;
    return problem(429, 'busy', 'Too many expensive reads', detail, { kind: error.kind, limit: error.limit });
  }
  if (error instanceof ProblemError) return error.toProblem();
  if (error instanceof LedgerIntegrityError) {
    // What is damaged, for tools: the stored tree's node and the positions it covers, or the event's
    // position.
    const part =
      error instanceof StoredTreeDamaged
        ? { node: error.node, from: error.from, to: error.to }
        : { position: error.position };
    const detail = `${error.message}; the stored ledger is damaged: run POST /v1/ledger/verify`;
    return problem(500, 'ledger-integrity', 'Ledger integrity violation', detail, part);
  }
  if (error instanceof RetryLater) {
    return problem(error.getStatus(), error.slug, error.title, detailOf(error));
  }
  if (error instanceof HttpException) return fromHttp(error);
  if (isUnavailable(error) || isUnavailable((error as { driverError?: unknown })?.driverError)) {
    // Reads through the ORM (keys, read models) meet an outage too: it is the database, not the request.
    return problem(
      503,
      'database-unavailable',
      'Service unavailable',
      'the database is unavailable; retry shortly',
    );
  }
  if (isDataException(error)) {
    // Backstop: validation should have caught it; a value the database refuses is still the caller's.
    return problem(
      400,
      'invalid-value',
      'Invalid value',
      'a value in the request is out of range or malformed',
    );
  }
  return problem(500, 'internal', 'Internal error', 'the server failed to process the request');
}

function fromDomain(error: DomainError): Problem {
  if (error instanceof ValidationFailed) {
    return problem(400, 'validation-failed', 'Invalid request', error.message, { errors: error.errors });
  }
  if (error instanceof RuleViolation) {
    return problem(409, 'rule-violation', 'Business rule violated', error.message, {
      code: error.code,
      ...error.details,
      ...(error.path ? { errors: [{ path: error.path, message: error.message }] } : {}),
    });
  }
  if (error instanceof NotFound)
    return problem(404, 'not-found', 'Not found', error.message, { code: error.code });
  if (error instanceof AccessDenied)
    return problem(403, 'forbidden', 'Forbidden', error.message, { code: error.code });
  return problem(400, 'invalid', 'Invalid request', error.message, { code: error.code });
}

const TITLES: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  408: ['request-timeout', 'Request timeout'],
  413: ['payload-too-large', 'Payload too large'],
  414: ['uri-too-long', 'URI too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['request-header-fields-too-large', 'Request headers too large'],
};

function fromHttp(error: HttpException): Problem {
  const status = error.getStatus();
  const [slug, title] = TITLES[status] ?? ['http-error', HttpStatus[status] ?? 'Error'];
  const detail = detailOf(error);
  return problem(status, slug, title, detail);
}

function detailOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}

/** PostgreSQL SQLSTATE class 22 (data exception), from pg directly or wrapped by TypeORM. */
function isDataException(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && code.startsWith('22');
}
