import type { ComponentChildren } from 'preact';
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
  /** A band's edge: drawn thin and without points, the band's fill says the rest. */
  readonly edge?: boolean;
}

/** The area between two lines (indexes into `lines`), such as a forecast's interval. */
export interface Band {
  readonly upper: number;
  readonly lower: number;
  /** A CSS custom property holding a hex colour; `opacity` (two hex digits) is appended to it. */
  readonly colour: string;
  readonly opacity: string;
}

/**
 * A labelled time-series chart (uPlot on a canvas). Guarantees: the figure carries an aria-label that
 * says what it shows; the caller always puts the same numbers in a table next to it for people who do
 * not see the chart.
 */
export function Chart(props: {
  label: string;
  times: readonly number[];
  lines: readonly Line[];
  bands?: readonly Band[];
  /** What the chart is, for `data-chart` (default `series`). */
  kind?: string;
  /** The caller says in words what each line is instead of uPlot's legend (one legend per page). */
  legend?: ComponentChildren;
}) {
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
            width: line.edge ? 1 : 2,
            spanGaps: false,
            ...(line.dash ? { dash: [6, 4] } : {}),
            ...(line.points ? marks(colour(line.colour)) : {}),
            ...(line.edge ? { points: { show: false } } : {}),
          })),
        ],
        // uPlot numbers its series from 1: series 0 is the time axis.
        bands: (props.bands ?? []).map((band) => ({
          series: [band.upper + 1, band.lower + 1] as [number, number],
          fill: `${colour(band.colour)}${band.opacity}`,
        })),
        axes: [axis, { ...axis, size: 70 }],
        scales: { x: { time: true } },
        ...(props.legend ? { legend: { show: false } } : {}),
      },
      [props.times.map((t) => t / 1000), ...props.lines.map((l) => [...l.values])] as uPlot.AlignedData,
      element,
    );
    return () => plot.destroy();
  }, [props.label, props.times, props.lines, props.bands, scheme]);
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={props.label} data-chart={props.kind ?? 'series'} />
      <figcaption>
        {props.label}
        {props.legend}
      </figcaption>
    </figure>
  );
}

/** A series drawn as large dots with no path: uPlot draws no line where `paths` gives none. */
function marks(colour: string): Partial<uPlot.Series> {
  return { paths: () => null, points: { show: true, size: 14, width: 3, stroke: colour, fill: colour } };
}
