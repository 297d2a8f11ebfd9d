import { useEffect, useRef, useState } from 'preact/hooks';
import { THEME_CHANGED } from './theme';
import uPlot from 'uplot';

export interface Line {
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** A CSS custom property holding the colour, so both colour schemes apply. */
  readonly colour: string;
  readonly dash?: boolean;
  /** Marks only (no line between them): points that stand out, such as anomalous months. */
  readonly points?: boolean;
}

/**
 * A labelled time-series chart (uPlot on a canvas). Guarantees: the figure carries an aria-label that
 * says what it shows; the caller always puts the same numbers in a table next to it for people who do
 * not see the chart.
 */
export function Chart(props: { label: string; times: readonly number[]; lines: readonly Line[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [scheme, setScheme] = useState(0);
  useEffect(() => {
    const redraw = () => setScheme((n) => n + 1);
    window.addEventListener(THEME_CHANGED, redraw);
    return () => window.removeEventListener(THEME_CHANGED, redraw);
  }, []);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const style = getComputedStyle(document.documentElement);
    const colour = (name: string) => style.getPropertyValue(name).trim() || '#888';
    const axis = { stroke: colour('--text-muted'), grid: { stroke: colour('--grid') } };
    const plot = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 280,
        series: [
          {},
          ...props.lines.map((line) => ({
            label: line.label,
            stroke: colour(line.colour),
            width: 2,
            spanGaps: false,
            ...(line.dash ? { dash: [6, 4] } : {}),
            ...(line.points ? marks(colour(line.colour)) : {}),
          })),
        ],
        axes: [axis, { ...axis, size: 70 }],
        scales: { x: { time: true } },
      },
      [props.times.map((t) => t / 1000), ...props.lines.map((l) => [...l.values])] as uPlot.AlignedData,
      element,
    );
    return () => plot.destroy();
  }, [props.label, props.times, props.lines, scheme]);
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={props.label} data-chart="series" />
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}

/** A series drawn as large dots with no path: uPlot draws no line where `paths` gives none. */
function marks(colour: string): Partial<uPlot.Series> {
  return { paths: () => null, points: { show: true, size: 14, width: 3, stroke: colour, fill: colour } };
}
