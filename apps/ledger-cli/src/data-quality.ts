import { DataQuality, dataQuality, foldFacts, internOf, kpiEventOf, qualityEventOf } from '@ledger/kpis';
import { CliError } from './client';
import { readExport } from './export';

/**
 * `ledger data-quality`: a partnership's data-quality answer recomputed offline from an export, by the
 * same pure code the server runs over the same events (the KPI facts folded up to atPosition, and the
 * compact events beside them), so it is the server's answer for the same asOf and atPosition.
 */
export async function offlineDataQuality(
  file: string,
  partnershipId: string,
  asOf: string,
  atPosition?: number,
): Promise<DataQuality> {
  const events = (await readExport(file)).filter(
    (e) => e.partnershipId === partnershipId && (atPosition === undefined || e.position <= atPosition),
  );
  const formed = events.find((e) => e.type === 'partnership.formed');
  if (!formed)
    throw new CliError(`${file} holds no partnership.formed of ${partnershipId} (at that position)`);
  const intern = internOf();
  return dataQuality(
    foldFacts(events.map(kpiEventOf)),
    events.map((e) => qualityEventOf(e, intern)),
    { partnershipId, currency: String(formed.data.currency), asOf },
  );
}
