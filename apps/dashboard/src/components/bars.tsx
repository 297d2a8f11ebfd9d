export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The figure as the API wrote it (money stays a decimal string). */
  readonly text: string;
}

/** Horizontal bars in SVG, labelled as one image; the caller puts the same numbers in a table. */
export function Bars({ label, bars }: { label: string; bars: readonly Bar[] }) {
  const most = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const rowHeight = 28;
  return (
    <figure class="chart">
      <svg
        class="bars"
        viewBox={`0 0 400 ${bars.length * rowHeight}`}
        role="img"
        aria-label={label}
        data-chart="bars"
      >
        {bars.map((bar, i) => (
          <g transform={`translate(0 ${i * rowHeight})`} data-bar={bar.label}>
            <text x="0" y="18">
              {bar.label}
            </text>
            <rect x="120" y="5" height="18" width={Math.max(1, (Math.abs(bar.value) / most) * 180)} />
            <text x="395" y="18" text-anchor="end">
              {bar.text}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
