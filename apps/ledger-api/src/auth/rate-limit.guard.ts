import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Caller } from './caller';

/**
 * Rate limit per API key (per client address before a key is known): one portal that floods the ledger
 * slows itself down, not everyone. Registered after the key guard; answers 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const caller = request.caller as Caller | undefined;
    return caller ? `key:${caller.keyId}` : `ip:${String(request.ip ?? 'unknown')}`;
  }
}
