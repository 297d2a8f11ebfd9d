import { availableParallelism } from 'node:os';
import { loadConfig } from './config';

describe('configuration of the KPI workers and expensive-read limits', () => {
  it(
    'given nothing set, leaves one core to the event loop ' +
      '(1–4 workers) and limits 8 replays, 8 series, 4 portfolios',
    () => {
      const config = loadConfig({});
      expect(config.kpiWorkers).toBe(Math.min(4, Math.max(1, availableParallelism() - 1)));
      expect(config.kpiLimits).toEqual({ replays: 8, series: 8, portfolios: 4 });
      expect(config.kpiWorkerNice).toBe(10);
    },
  );

  it('given values in range, takes them; 0 workers computes on the event loop, a 0 limit admits all', () => {
    const limits = {
      LEDGER_KPI_REPLAY_LIMIT: '0',
      LEDGER_KPI_SERIES_LIMIT: '3',
      LEDGER_KPI_PORTFOLIO_LIMIT: '10000',
    };
    const config = loadConfig({ LEDGER_KPI_WORKERS: '0', LEDGER_KPI_WORKER_NICE: '0', ...limits });
    expect(config.kpiWorkerNice).toBe(0);
    expect(config.kpiWorkers).toBe(0);
    expect(config.kpiLimits).toEqual({ replays: 0, series: 3, portfolios: 10_000 });
  });

  it.each([
    ['LEDGER_KPI_WORKERS', '65', 'must be a whole number from 0 to 64'],
    ['LEDGER_KPI_WORKERS', 'two', 'must be a whole number from 0 to 64'],
    ['LEDGER_KPI_WORKER_NICE', '20', 'must be a whole number from 0 to 19'],
    ['LEDGER_KPI_REPLAY_LIMIT', '-1', 'must be a whole number from 0 to 10000'],
    ['LEDGER_KPI_SERIES_LIMIT', '1.5', 'must be a whole number from 0 to 10000'],
    ['LEDGER_KPI_PORTFOLIO_LIMIT', '10001', 'must be a whole number from 0 to 10000'],
  ])('given %s=%s, refuses to start with a message naming it', (name, value, rule) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`${name} ${rule}`);
  });
});
