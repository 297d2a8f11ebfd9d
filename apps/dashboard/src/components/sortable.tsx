import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<T> {
  readonly id: string;
  readonly label: string;
  /** What the column sorts by: numbers before text, missing values last. */
  readonly key: (row: T) => number | string | null;
  readonly cell: (row: T) => ComponentChildren;
  readonly numeric?: boolean;
}

/** A table whose column headers are buttons that sort it (aria-sort says how), keyboard included. */
export function SortableTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
}) {
  const [by, setBy] = useState<{ id: string; descending: boolean } | null>(null);
  const column = props.columns.find((c) => c.id === by?.id);
  const rows = column
    ? [...props.rows].sort((a, b) => compare(column.key(a), column.key(b), by!.descending))
    : props.rows;
  const sortBy = (id: string) =>
    setBy(by?.id === id ? { id, descending: !by.descending } : { id, descending: true });
  return (
    <table class="sortable">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th
              scope="col"
              class={c.numeric ? 'num' : ''}
              aria-sort={by?.id === c.id ? (by.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button type="button" onClick={() => sortBy(c.id)} data-sort={c.id}>
                {c.label}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={props.rowKey(row)} data-row={props.rowKey(row)}>
            {props.columns.map((c) => (
              <td class={c.numeric ? 'num' : ''} data-column={c.id}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function compare(a: number | string | null, b: number | string | null, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}
