import { KpiSnapshot, kpiEventOf, replayKpis } from '@ledger/kpis';
import { CliError } from './client';
import { readExport } from './export';

/**
 * `ledger kpis`: a partnership's KPIs recomputed offline from an export, with the same pure code the server
 * runs.
 */
export async function offlineKpis(
  file: string,
  partnershipId: string,
  asOf: string,
  atPosition?: number,
): Promise<KpiSnapshot> {
  const events = (await readExport(file)).filter((e) => e.partnershipId === partnershipId).map(kpiEventOf);
  const formed = events.find((e) => e.type === 'partnership.formed');
  if (!formed) throw new CliError(`${file} holds no partnership.formed of ${partnershipId}`);
  return replayKpis(events, {
    partnershipId,
    currency: formed.type === 'partnership.formed' ? formed.data.currency : '',
    asOf,
    ...(atPosition !== undefined ? { atPosition } : {}),
  });
}
