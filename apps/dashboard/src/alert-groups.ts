import type { Alert, AlertKind } from './trust-answers';

/** The open alerts of one kind in one partnership, newest first (as the API lists them). */
export interface Group {
  readonly partnershipId: string;
  readonly kind: AlertKind;
  readonly alerts: readonly Alert[];
}

/**
 * One group per kind and partnership, in the API's order (newest raisedAt first), each keeping its
 * alerts in that order: a partner catching up on months of reports raises one late_data alert per
 * report, and a committee reads "23 late data alerts in adatum-litware" before it reads any of them.
 */
export function groupAlerts(alerts: readonly Alert[]): Group[] {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const key = `${alert.partnershipId}\u0000${alert.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  return [...groups.values()].map((list) => ({
    partnershipId: list[0].partnershipId,
    kind: list[0].kind,
    alerts: list,
  }));
}
