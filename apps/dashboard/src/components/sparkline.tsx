/**
 * A 12-point trend drawn as an SVG line: light enough for dozens of cards on one page. Labelled with
 * the values it draws (gaps where a month had no data).
 */
export function Sparkline({ label, values }: { label: string; values: readonly (number | null)[] }) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2)
    return (
      <span class="spark muted" role="img" aria-label={`${label}: too few months with data`}>
        —
      </span>
    );
  const low = Math.min(...known);
  const span = Math.max(...known) - low || 1;
  const x = (i: number) => (i / (values.length - 1)) * 100;
  const y = (v: number) => 28 - ((v - low) / span) * 26;
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
    } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const words = values.map((v) => (v === null ? 'no data' : String(v))).join(', ');
  return (
    <svg
      class="spark"
      viewBox="0 0 100 30"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${words}`}
    >
      {segments.map((d) => (
        <path d={d} />
      ))}
    </svg>
  );
}
