/**
 * What a proposal changes: every leaf that differs between two charters (defaults filled in on both
 * sides, so leaving a field out and writing its default are no change), as `{path, from, to}` with
 * paths in the request's terms (`scorecard[2].target`). A leaf that exists on one side only has `null`
 * on the other.
 *
 * Guarantees: pure; empty when the two are equal as JSON; paths in document order.
 */
export interface Change {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

export function changesBetween(from: unknown, to: unknown): Change[] {
  const out: Change[] = [];
  walk('', from, to, out);
  return out;
}

function walk(path: string, a: unknown, b: unknown, out: Change[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, from: a ?? null, to: b ?? null });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
