import { readFileSync } from 'node:fs';
import { goldenFile } from '../../../../test/golden/golden-dir';
import { KpiEvent, kpiEventOf } from '../facts/types';
import { KpiSnapshot } from '../snapshot';

/** The worked scenarios in ../shared/golden, which every implementation must reproduce exactly. */
export interface GoldenScenario {
  readonly name: string;
  readonly organizations: { orgId: string; name: string }[];
  readonly partnership: {
    partnershipId: string;
    name: string;
    type: string;
    partnerOrgIds: string[];
    currency: string;
    startedAt: string;
  };
  readonly events: {
    eventId: string;
    type: string;
    occurredAt: string;
    data: Record<string, unknown>;
    postedBy: string;
  }[];
  readonly expect: { asOf: string; kpis: Record<string, string | number | null> }[];
}

export function loadGolden(name: string): GoldenScenario {
  return JSON.parse(readFileSync(goldenFile(`${name}.json`), 'utf8')) as GoldenScenario;
}

/** The scenario as ledger events: partnership.formed at position 1, then the events in posting order. */
export function goldenEvents(s: GoldenScenario): KpiEvent[] {
  const formed = kpiEventOf({
    eventId: '00000000-0000-4000-8000-000000000000',
    type: 'partnership.formed',
    position: 1,
    occurredAt: s.partnership.startedAt,
    recordedBy: s.partnership.partnerOrgIds[0],
    data: { ...s.partnership },
  });
  return [
    formed,
    ...s.events.map((e, i) =>
      kpiEventOf({
        eventId: e.eventId,
        type: e.type,
        position: i + 2,
        occurredAt: e.occurredAt,
        recordedBy: e.postedBy,
        data: e.data,
      }),
    ),
  ];
}

/** Reads `kpi`, `kpi.entry` (breakdown) or `kpi.status` out of a snapshot, as the golden files name them. */
export function pick(snapshot: Pick<KpiSnapshot, 'categories'>, key: string): unknown {
  const [kpiId, entry] = key.split('.');
  const kpi = Object.values(snapshot.categories)
    .flat()
    .find((k) => k!.kpiId === kpiId);
  if (!kpi) throw new Error(`no KPI ${kpiId}`);
  if (entry === undefined) return kpi.value;
  if (entry === 'status') return kpi.status;
  return kpi.breakdown?.[entry];
}
