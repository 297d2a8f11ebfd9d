import { ForecastRequest, HistoryPoint } from '../types';

/**
 * Test support: histories of consecutive periods, so specs write only the values. Not exported from
 * the library (a `testing/` folder: left out of builds, as libs/kpis/src/testing is).
 */
export function monthly(values: readonly number[], from = Date.UTC(2024, 0, 1)): HistoryPoint[] {
  const start = new Date(from);
  return values.map((value, i) => ({
    periodStart: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)).toISOString(),
    value,
  }));
}

export function quarterly(values: readonly number[], from = Date.UTC(2024, 0, 1)): HistoryPoint[] {
  const start = new Date(from);
  return values.map((value, i) => ({
    periodStart: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3 * i, 1)).toISOString(),
    value,
  }));
}

export function request(
  overrides: Partial<ForecastRequest> & Pick<ForecastRequest, 'history'>,
): ForecastRequest {
  return { kpiId: 'joint_revenue', period: 'month', method: 'auto', horizon: 3, money: false, ...overrides };
}
