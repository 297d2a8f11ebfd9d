import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AccessDenied,
  DomainEventOf,
  FieldError,
  MAX_FUTURE_SKEW_MS,
  TIMESTAMP_HINT,
  ValidationFailed,
  isCurrency,
  parseData,
  parseTimestamp,
  RuleViolation,
} from '@ledger/domain';
import { WrongExpectedVersionError } from '@ledger/event-store';
import { In, Repository } from 'typeorm';
import { Caller, recorderOf } from '../../auth/caller';
import { OrganizationEntity } from '../../database/entities';
import { PartnershipCommands } from '../write/partnership-commands';
import { FormPartnershipDto, FormedPartnershipDto } from './form-partnership.dto';

/** Stream ids the ledger keeps for itself (the program's scoring model, the ledger's own records). */
const RESERVED_IDS = new Set(['program', 'ledger']);

/**
 * A taken or reserved id: the same answer to members and non-members, which says neither that a
 * partnership exists nor anything about it. Partnership ids are one namespace for everyone (like user
 * names): a caller who wants nothing inferred from an id leaves it out and gets a random UUID.
 */
function unavailable(partnershipId: string): RuleViolation {
  const detail =
    `partnershipId ${partnershipId} cannot be used (it is taken or reserved); choose another, or ` +
    `leave it out to have one generated`;
  return new RuleViolation('partnership_id_unavailable', detail, 'partnershipId');
}

/** Forming a partnership: its first event, partnership.formed, decided and appended like any other. */
@Injectable()
export class FormPartnership {
  constructor(
    private readonly partnerships: PartnershipCommands,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
  ) {}

  async form(caller: Caller, body: FormPartnershipDto, now: Date): Promise<FormedPartnershipDto> {
    if (caller.role === 'partner' && !body.partnerOrgIds.includes(caller.orgId)) {
      throw new AccessDenied(
        'partner_not_member',
        `a partner key may only form partnerships that include its own organization (${caller.orgId})`,
      );
    }
    const event = await this.formedEvent(caller, body, now);
    const partnershipId = body.partnershipId ?? randomUUID();
    if (RESERVED_IDS.has(partnershipId)) throw unavailable(partnershipId);
    const outcome = await this.partnerships
      .execute(partnershipId, [{ type: 'FormPartnership', event }], 'no_stream')
      .catch((error: unknown) => {
        const taken =
          error instanceof WrongExpectedVersionError ||
          (error instanceof RuleViolation && error.code === 'partnership_exists');
        throw taken ? unavailable(partnershipId) : error;
      });
    return { partnershipId, version: outcome.version, position: outcome.events[0].position };
  }

  private async formedEvent(
    caller: Caller,
    body: FormPartnershipDto,
    now: Date,
  ): Promise<DomainEventOf<'partnership.formed'>> {
    const errors: FieldError[] = [];
    const startedAt = body.startedAt === undefined ? now : parseTimestamp(body.startedAt);
    if (!startedAt) errors.push({ path: 'startedAt', message: `must be ${TIMESTAMP_HINT}` });
    else if (startedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS)
      errors.push({ path: 'startedAt', message: 'must not be more than 5 minutes in the future' });
    if (!isCurrency(body.currency))
      errors.push({ path: 'currency', message: 'must be an ISO-4217 currency code such as "EUR"' });
    const known = new Set((await this.orgs.findBy({ orgId: In(body.partnerOrgIds) })).map((o) => o.orgId));
    body.partnerOrgIds.forEach((orgId, i) => {
      if (!known.has(orgId))
        errors.push({ path: `partnerOrgIds[${i}]`, message: `organization ${orgId} does not exist` });
    });
    if (errors.length > 0 || !startedAt) throw new ValidationFailed(errors);
    const data = {
      name: body.name,
      type: body.type,
      partnerOrgIds: body.partnerOrgIds,
      currency: body.currency,
      startedAt: startedAt.toISOString(),
      ...(body.objectives ? { objectives: body.objectives } : {}),
    };
    const parsed = parseData('partnership.formed', data);
    if ('errors' in parsed)
      throw new ValidationFailed(parsed.errors.map((e) => ({ ...e, path: e.path.replace(/^data\./, '') })));
    const event: DomainEventOf<'partnership.formed'> = {
      eventId: randomUUID(),
      type: 'partnership.formed',
      occurredAt: data.startedAt,
      recordedBy: recorderOf(caller),
      data: parsed.value,
    };
    return event;
  }
}
