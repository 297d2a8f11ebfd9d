export { forecastKpi, periodStartsAfter } from './forecast';
export { aicc, candidates, chooseAuto, fitMethod, residualSd } from './select';
export { holt, holtGridSearch, holtRun, etsVarianceFactor, GRID as HOLT_GRID } from './holt';
export type { HoltParams, HoltRun } from './holt';
export { studentT } from './linear';
export * from './types';
export { MAX_HISTORY_PERIODS, checkQuestion, forecastOfSeries, historyPeriods } from './history';
export type { ForecastQuestion } from './history';
