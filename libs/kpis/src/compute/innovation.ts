import { IP_KINDS, parseDateOrTimestamp } from '@ledger/domain';
import { days, mean, round2 } from '../numbers';
import { KpiResult, View } from './view';

export function innovation(v: View): KpiResult[] {
  const launched = v.records('solution.launched');
  const durations = launched.flatMap((r) => {
    const conceived = parseDateOrTimestamp(r.data.conceivedAt);
    const at = r.data.launchedAt === undefined ? r.at : parseDateOrTimestamp(r.data.launchedAt)?.getTime();
    return conceived && at !== undefined ? [days(at - conceived.getTime())] : [];
  });
  const ip = v.records('ip.filed');
  return [
    { kpiId: 'solutions_launched', value: launched.length },
    { kpiId: 'time_to_market_days', value: round2(mean(durations)) },
    {
      kpiId: 'ip_filed',
      value: ip.length,
      breakdown: Object.fromEntries(IP_KINDS.map((k) => [k, ip.filter((r) => r.data.kind === k).length])),
    },
  ];
}
