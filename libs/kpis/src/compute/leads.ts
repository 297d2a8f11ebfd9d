import { CHANNELS } from '@ledger/domain';
import { Dec, days, mean, percent, round2 } from '../numbers';
import { KpiResult, View } from './view';
import { history, inWindow } from './windowing';

/**
 * Leads generated in the view's window by distinct id. A lead's channel is that of its first
 * `lead.generated`; it is qualified once any of its `lead.generated` says so (portals re-post a lead when
 * they qualify it).
 */
export function leads(v: View) {
  const generated = new Map<string, { channel: string; qualified: boolean }>();
  for (const r of v.records('lead.generated')) {
    const id = String(r.data.leadId);
    const first = generated.get(id);
    generated.set(id, {
      channel: first?.channel ?? String(r.data.channel),
      qualified: (first?.qualified ?? false) || r.data.qualified === true,
    });
  }
  const converted = new Set(
    v
      .records('lead.converted')
      .map((r) => String(r.data.leadId))
      .filter((id) => generated.has(id)),
  );
  const rate = (channel?: string) => {
    const ids = [...generated].filter(([, l]) => !channel || l.channel === channel).map(([id]) => id);
    return round2(percent(ids.filter((id) => converted.has(id)).length, ids.length));
  };
  return { generated, rate };
}

interface Conversion {
  readonly at: number;
  readonly channel: string;
  readonly days: Dec;
}

/**
 * Each lead's conversion: its first `lead.converted` at or after its first `lead.generated` (a conversion
 * before it, which the ledger refuses since v1.1 but older ledgers may hold, is no conversion of it), with
 * the days between and the channel of that first generation.
 *
 * Guarantees: read from the whole history up to asOf, so a lead generated before a window and converted
 * in it counts in that window, measured from its first generation; a repeated conversion counts once.
 */
function conversions(v: View): Conversion[] {
  const first = new Map<string, { at: number; channel: string }>();
  for (const r of history(v, 'lead.generated')) {
    const id = String(r.data.leadId);
    if (!first.has(id)) first.set(id, { at: r.at, channel: String(r.data.channel) });
  }
  const converted = new Map<string, Conversion>();
  for (const r of history(v, 'lead.converted')) {
    const id = String(r.data.leadId);
    const generated = first.get(id);
    if (!generated || converted.has(id) || r.at < generated.at) continue;
    converted.set(id, { at: r.at, channel: generated.channel, days: days(r.at - generated.at) });
  }
  return [...converted.values()].filter((c) => inWindow(v, c.at));
}

/** lead_to_deal_days: mean days from generation to conversion of the leads converted in the window. */
export function leadToDeal(v: View): KpiResult {
  const all = conversions(v);
  const meanDays = (list: readonly Conversion[]) => round2(mean(list.map((c) => c.days)));
  return {
    kpiId: 'lead_to_deal_days',
    value: meanDays(all),
    breakdown: Object.fromEntries(CHANNELS.map((ch) => [ch, meanDays(all.filter((c) => c.channel === ch))])),
  };
}
