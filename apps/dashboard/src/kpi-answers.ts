import { get } from './api';
import type { CatalogueEntry, KpiValue } from './format';
import type { Clocks } from './route';

/** GET /v1/partnerships/:id/kpis, as API.md gives it. */
export interface KpiSnapshot {
  readonly partnershipId: string;
  readonly currency: string;
  readonly asOf: string;
  readonly position: number;
  readonly categories: Record<string, readonly KpiValue[]>;
  readonly snapshotHash: string;
  readonly charter?: { version: number | null; definitionHash: string | null };
  readonly name?: string;
  readonly status?: 'active' | 'ended';
}

export interface Partnership {
  readonly partnershipId: string;
  readonly name: string;
  readonly type: string;
  readonly partnerOrgIds: readonly string[];
  readonly currency: string;
  readonly status: 'active' | 'ended';
  readonly startedAt: string;
  readonly version: number;
}

export const CATEGORIES = [
  'financial',
  'performance',
  'operational',
  'productivity',
  'customer',
  'innovation',
  'expansion',
  'relationship',
  'impact',
] as const;

const path = (id: string) => `/v1/partnerships/${encodeURIComponent(id)}`;

export const partnership = (id: string) => get<Partnership>(path(id));

export const snapshot = (id: string, clocks: Clocks) => get<KpiSnapshot>(`${path(id)}/kpis`, { ...clocks });

let catalogue: Promise<Map<string, CatalogueEntry>> | undefined;

/** The catalogue changes only with a release: asked once per page load. */
export function kpiCatalogue(): Promise<Map<string, CatalogueEntry>> {
  catalogue ??= get<{ items: CatalogueEntry[] }>('/v1/kpi-catalogue').then(
    (answer) => new Map(answer.items.map((entry) => [entry.kpiId, entry])),
    (error: unknown) => {
      catalogue = undefined;
      throw error;
    },
  );
  return catalogue;
}

export function valueOf(snapshot: Pick<KpiSnapshot, 'categories'>, kpiId: string): KpiValue | undefined {
  for (const values of Object.values(snapshot.categories)) {
    const found = values.find((v) => v.kpiId === kpiId);
    if (found) return found;
  }
  return undefined;
}
