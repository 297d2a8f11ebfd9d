import { Inject, Injectable } from '@nestjs/common';
import { Admission } from '../common/admission';
import { LedgerConfig } from '../config/config';
import { LEDGER_CONFIG } from '../config/tokens';
import { LedgerMetrics } from '../metrics/metrics';

/**
 * The per-process limits of expensive reads (LEDGER_KPI_*_LIMIT), one Admission per kind for every route
 * that does such work (KPIs, series, forecasts, data quality): a limit is the process's, not a route's.
 */
@Injectable()
export class ExpensiveReads {
  readonly replays: Admission;
  readonly series: Admission;
  readonly portfolios: Admission;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig, metrics: LedgerMetrics) {
    const refused = (kind: string) => () => metrics.expensiveReadsRefused.inc({ kind });
    this.replays = new Admission('atPosition replays', config.kpiLimits.replays, refused('replay'));
    this.series = new Admission('series', config.kpiLimits.series, refused('series'));
    this.portfolios = new Admission('portfolios', config.kpiLimits.portfolios, refused('portfolio'));
  }
}
