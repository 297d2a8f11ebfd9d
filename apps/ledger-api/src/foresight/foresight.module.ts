import { Module } from '@nestjs/common';
import { CharterModule } from '../charter/charter.module';
import { KpisModule } from '../kpis/kpis.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ForecastActuals } from './forecast-actuals';
import { ForecastsController } from './forecasts.controller';
import { ForesightFacts } from './foresight-facts';
import { RecordedForecasts } from './recorded-forecasts';
import { Scenarios } from './scenarios';
import { ScenariosController } from './scenarios.controller';

/** Scenarios and forecast vs actual (API.md, "Forecasts and scenarios"). */
@Module({
  imports: [PartnershipsModule, CharterModule, KpisModule],
  controllers: [ScenariosController, ForecastsController],
  providers: [ForesightFacts, Scenarios, RecordedForecasts, ForecastActuals],
})
export class ForesightModule {}
