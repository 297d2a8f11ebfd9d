import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOperation, ApiResponse, ApiResponseOptions } from '@nestjs/swagger';
import { Role } from '../auth/caller';
import { Public, Roles } from '../auth/decorators';
import { BODY_LIMIT_BYTES } from '../common/json-body';
import { SCHEMA, ref } from './names';

export const SECURITY_SCHEME = 'apiKey';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503 | 'default';

/**
 * Error answers an operation gives besides those of every keyed one; `true` = the usual wording. A 403
 * given here is a reason beyond the role (which every keyed operation has).
 */
export type Errors = Partial<Record<400 | 403 | 404 | 409 | 413 | 415 | 429 | 503, string | true>>;

/** What an operation that reads a JSON body can answer about it. */
export const BODY_ERRORS = { 400: true, 413: true, 415: true } as const satisfies Errors;

export interface EndpointSpec {
  readonly summary: string;
  /** Who may call it: the guard's list and the document's, from this one value. */
  readonly roles: readonly [Role, ...Role[]];
  readonly description?: string;
  readonly errors?: Errors;
}

/**
 * Roles, documentation and error answers of a keyed operation in one decorator, so the roles the
 * ApiKeyGuard lets through are the ones the document names (also as `x-roles`, which a test checks
 * against the guard's metadata), and the answers of the key check and the rate limit are never missing.
 * Every such operation authenticates its key against the database, hence 503.
 */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  const roles = [...spec.roles];
  const forbidden = [`The key’s role may not do this (allowed: ${roles.join(', ')})`, spec.errors?.[403]];
  return applyDecorators(
    Roles(...roles),
    ApiBearerAuth(SECURITY_SCHEME),
    ApiOperation({ summary: spec.summary, description: paragraphs(rolesLine(roles), spec.description) }),
    ApiExtension('x-roles', roles),
    ...problems({
      401: true,
      429: true,
      503: true,
      ...spec.errors,
      403: forbidden.filter((s) => typeof s === 'string').join('; or '),
    }),
  );
}

/** An operation anyone may call without a key; the rate limit (per address) still applies. */
export function PublicEndpoint(spec: Omit<EndpointSpec, 'roles'>): MethodDecorator {
  return applyDecorators(
    Public(),
    ApiOperation({
      summary: spec.summary,
      description: paragraphs('Public: no API key is needed.', spec.description),
      security: [],
    }),
    ...problems({ 429: true, ...spec.errors }),
  );
}

function rolesLine(roles: readonly Role[]): string {
  return `${roles.length === 1 ? 'Role' : 'Roles'}: ${roles.join(', ')}.`;
}

const paragraphs = (...texts: (string | undefined)[]) => texts.filter(Boolean).join('\n\n');

const WORDING: Record<ErrorStatus, string> = {
  400: 'Invalid request: a parameter or field is missing or malformed (one entry per bad field in `errors`)',
  401: 'No API key, or an unknown or revoked one',
  403: 'The key may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: `The body is larger than ${BODY_LIMIT_BYTES / 1024 / 1024} MiB`,
  415: 'The body is not JSON: Content-Type must be application/json or application/*+json',
  429:
    'Too many requests from this key (before a key is known: this address) within a second, or too many ' +
    'unknown or revoked keys from this address',
  503: 'The database is unavailable, or too many request bodies are arriving at once; retrying is safe',
  default: 'Any other error, such as 500 when the server fails (never for bad input)',
};

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};
const HEADERS: Partial<Record<ErrorStatus, object>> = {
  401: { 'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string' } } },
  429: retryAfter,
  503: retryAfter,
};

/** The error answers, each an RFC 9457 problem document, plus `default` for what no one plans. */
function problems(errors: Partial<Record<ErrorStatus, string | true>>): MethodDecorator[] {
  return (Object.entries({ ...errors, default: true }) as [string, string | true | undefined][])
    .filter(([, wording]) => wording !== undefined)
    .map(([key, wording]) => {
      const status = key === 'default' ? 'default' : (Number(key) as Exclude<ErrorStatus, 'default'>);
      // `content`, not `schema`: Nest would put a schema under application/json.
      const response = {
        status,
        description: wording === true ? WORDING[status] : (wording as string),
        ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
        content: { 'application/problem+json': { schema: ref(SCHEMA.problem) } },
      };
      return ApiResponse(response as ApiResponseOptions);
    });
}

/** The 429 of an expensive read: the key's rate, or too many of its kind in flight (`LEDGER_KPI_*_LIMIT`). */
export function tooManyExpensive(kind: string, variable: string): string {
  return (
    `${WORDING[429]}; or ${kind} already in flight in this process reached the limit (\`${variable}\`), ` +
    'answered at once with a `busy` problem; Retry-After says when one is likely to have finished'
  );
}

/** The 404 of every operation on one partnership: partners never learn that others' partnerships exist. */
export const PARTNERSHIP_NOT_VISIBLE =
  'The partnership does not exist, or the key is a partner’s whose organization is not a member of it';
