import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent, FieldError, PartnershipCommand, ValidationFailed, parseEvent } from '@ledger/domain';
import { Caller, recorderOf } from '../../auth/caller';
import { PartnershipAccess } from '../../partnerships/partnership-access';
import { PartnershipCommands } from '../../partnerships/write/partnership-commands';
import { AppendEventsDto, AppendedEventsDto, EventInputDto } from './append-events.dto';

export class AppendEvents extends Command<AppendedEventsDto & { replayed: boolean }> {
  constructor(
    readonly caller: Caller,
    readonly partnershipId: string,
    readonly body: AppendEventsDto,
    readonly now: Date,
  ) {
    super();
  }
}

@CommandHandler(AppendEvents)
export class AppendEventsHandler implements ICommandHandler<AppendEvents> {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly partnerships: PartnershipCommands,
  ) {}

  async execute({ caller, partnershipId, body, now }: AppendEvents): Promise<AppendedEventsDto & { replayed: boolean }> {
    // Membership never changes, so the cached profile decides access; the store decides on the state.
    await this.access.profile(caller, partnershipId);
    const batch = body.events !== undefined;
    const inputs = batch ? body.events! : [singleOf(body)];
    const events = parseAll(inputs, recorderOf(caller), now, batch);
    const commands: PartnershipCommand[] = events.map((event) => ({ type: 'RecordEvent', event }));
    const outcome = await this.partnerships.execute(partnershipId, commands, body.expectedVersion ?? 'any');
    return { partnershipId, version: outcome.version, events: [...outcome.events], replayed: outcome.replayed };
  }
}

function singleOf(body: AppendEventsDto): EventInputDto {
  return { eventId: body.eventId, type: body.type!, occurredAt: body.occurredAt!, data: body.data! };
}

/** Parses every event, reporting every bad field of every event at once (`events[3].data.amount`). */
function parseAll(inputs: readonly EventInputDto[], recordedBy: string, now: Date, batch: boolean): DomainEvent[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const events = inputs.map((input, i) => {
    const prefix = batch ? `events[${i}]` : '';
    const eventId = (input.eventId ?? randomUUID()).toLowerCase();
    const twin = seen.get(eventId);
    if (twin !== undefined) errors.push({ path: `${prefix}.eventId`, message: `duplicates events[${twin}].eventId` });
    seen.set(eventId, i);
    try {
      return parseEvent({ ...input, eventId }, recordedBy, now);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      errors.push(...(batch ? error.within(prefix).errors : error.errors));
      return undefined;
    }
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
  return events as DomainEvent[];
}
