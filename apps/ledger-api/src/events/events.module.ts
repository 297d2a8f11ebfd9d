import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { AppendEventsHandler } from './append-events/append-events.handler';
import { EventsController } from './events.controller';
import { ReadLedgerHandler, ReadPartnershipEventsHandler } from './read-events/read-events.handlers';

@Module({
  imports: [PartnershipsModule],
  controllers: [EventsController],
  providers: [AppendEventsHandler, ReadPartnershipEventsHandler, ReadLedgerHandler],
})
export class EventsModule {}
