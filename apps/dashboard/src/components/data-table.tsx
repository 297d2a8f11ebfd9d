import type { ComponentChildren } from 'preact';

export interface DataColumn {
  readonly label: string;
  /** Figures: right-aligned. */
  readonly numeric?: boolean;
}

/**
 * The numbers behind a chart as a table: its caption, a header per column, then the rows as given (each a
 * <tr> whose first cell is its row header). `data-…` attributes name the table for the page's readers.
 */
export function DataTable({
  caption,
  columns,
  children,
  ...data
}: {
  caption: string;
  columns: readonly DataColumn[];
  children: ComponentChildren;
} & { readonly [attribute: `data-${string}`]: string | number | boolean }) {
  return (
    <table class="data" {...data}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" class={c.numeric ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
