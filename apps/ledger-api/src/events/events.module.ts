import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { AppendEvents } from './append-events/append-events.handler';
import { EventsController } from './events.controller';
import { ReadEvents } from './read-events/read-events.handlers';

@Module({
  imports: [PartnershipsModule],
  controllers: [EventsController],
  providers: [AppendEvents, ReadEvents],
})
export class EventsModule {}
