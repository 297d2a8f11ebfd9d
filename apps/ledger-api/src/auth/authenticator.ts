import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeysService } from '../admin/api-keys/api-keys.service';
import { LedgerConfig } from '../config/config';
import { LEDGER_CONFIG } from '../config/tokens';
import { RetryLater } from '../common/problem';
import { Caller } from './caller';
import { AuthenticatedRequest } from './decorators';
import { FailedKeyLimit } from './failed-key-limit';

/**
 * Who is calling: the Bearer API key of a request to a keyed route, checked once per request. The
 * arrival hook (on-arrival.ts) calls it before the body is read; ApiKeyGuard, which decides on roles,
 * finds the caller already there.
 *
 * Guarantees: no key, or not a Bearer one → 401 without a query; a key this process does not know is
 * looked up only within its address's budget of failed lookups (failed-key-limit.ts), else 429 with
 * Retry-After and no query at all; an unknown or revoked key → 401 (WWW-Authenticate: Bearer).
 */
@Injectable()
export class Authenticator {
  private readonly failures: FailedKeyLimit;

  constructor(
    private readonly keys: ApiKeysService,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.failures = new FailedKeyLimit(config.authFailuresPerSecond);
  }

  async identify(request: AuthenticatedRequest): Promise<Caller> {
    if (request.caller) return request.caller;
    const key = bearerOf(request.headers.authorization);
    if (!key) throw new UnauthorizedException('an API key is required: Authorization: Bearer <key>');
    const address = request.ip;
    let took = false;
    const caller = await this.keys.authenticate(key, () => {
      const wait = this.failures.take(address);
      if (wait > 0) throw tooManyFailures(wait);
      took = true;
    });
    if (!caller) throw new UnauthorizedException('the API key is unknown or revoked');
    if (took) this.failures.giveBack(address);
    request.caller = caller;
    return caller;
  }
}

function tooManyFailures(seconds: number): RetryLater {
  const detail =
    'too many requests from this address with API keys that are unknown or revoked; ' +
    `retry in ${seconds} s with a valid key`;
  return new RetryLater(429, 'too-many-requests', 'Too many requests', detail, seconds);
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
