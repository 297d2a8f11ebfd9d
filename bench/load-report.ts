import { LoadResult } from './api-process';
import { medianOf } from './charter-loads';
import { fmt, median } from './support';

/** One load cell as every report writes it. */
export const latency = (l: LoadResult) => `${fmt(l.rps, 1)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`;

/** Latencies of requests made one at a time, and their median. */
export const eachMs = (values: readonly number[]) =>
  `${values.map((v) => `${fmt(v)} ms`).join(' / ')} (median ${fmt(median([...values]))} ms)`;

/**
 * A load table against `/health` taken in the same run: each cell the median of its interleaved runs,
 * with its p99 as a multiple of `/health`'s and, where a goal applies, whether p99 met it; and the
 * runs' req/s, so a reader sees how far they spread.
 * Constraints: `results` holds a `/health` cell.
 */
export function loadTable(results: Record<string, LoadResult[]>, goalMs: number) {
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, medianOf(v)]));
  const health = m['/health'];
  const row = (label: string, name: string, goal: boolean) => {
    const l = m[name];
    const against = name === '/health' ? '—' : `p99 ${fmt(l.p99 / health.p99, 1)} × that of /health`;
    const verdict = goal ? `p99 ≤ ${goalMs} ms: ${l.p99 <= goalMs ? 'met' : 'missed'}` : '—';
    return `| ${label} | ${latency(l)} | ${against} | ${verdict} |`;
  };
  const runs = Object.entries(results)
    .map(([name, list]) => `${name} ${list.map((l) => fmt(l.rps, 1)).join(' / ')}`)
    .join('; ');
  return { row, runs };
}
