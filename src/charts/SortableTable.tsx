/**
 * A table whose column headers sort it (click or Enter; again to reverse),
 * with `aria-sort` on the sorted column. The first column is the row header.
 * Rows start in their given order; missing values sort last.
 */
import { type ReactNode, useState } from 'react';

import { sortRows, type SortValue } from './report-rows.ts';

export interface Column<R> {
  key: string;
  /** Header text. */
  label: string;
  /** The header's accessible name when the label alone is ambiguous ("pred. msg/s"); must contain `label`. */
  name?: string;
  /** What the column means (tooltip). */
  title?: string;
  value: (r: R) => SortValue;
  cell: (r: R) => ReactNode;
  /** Extra class of a cell ("bad" for a non-zero error count). */
  tone?: (r: R) => string | undefined;
  /** A predicted column (drawn muted, beside its measured one). */
  predicted?: boolean;
  /** Text, left-aligned; sorts A→Z first. */
  text?: boolean;
}

type Dir = 'ascending' | 'descending';

export function SortableTable<R>({
  label,
  rows,
  columns,
  rowKey,
  testId,
}: {
  label: string;
  rows: readonly R[];
  columns: readonly Column<R>[];
  rowKey: (r: R) => string;
  testId?: string;
}) {
  const [sort, setSort] = useState<{ key: string; dir: Dir } | null>(null);
  const col = sort === null ? undefined : columns.find((c) => c.key === sort.key);
  const shown = col === undefined || sort === null ? rows : sortRows(rows, col.value, sort.dir);
  const toggle = (c: Column<R>) =>
    setSort((s) =>
      s?.key === c.key
        ? { key: c.key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key: c.key, dir: c.text === true ? 'ascending' : 'descending' },
    );
  return (
    // Focusable, so a keyboard can scroll a table wider than the panel.
    <div className="table-scroll" tabIndex={0} role="group" aria-label={label}>
      <table className="report-table" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={dir}
                  className={`${c.predicted === true ? 'predicted ' : ''}${c.text === true ? 'text' : ''}`}
                  title={c.title}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() => toggle(c)}
                    aria-label={c.name}
                  >
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) => {
                const cls =
                  [
                    c.predicted === true ? 'predicted' : '',
                    c.text === true ? 'text' : '',
                    c.tone?.(r) ?? '',
                  ]
                    .filter(Boolean)
                    .join(' ') || undefined;
                return i === 0 ? (
                  <th key={c.key} scope="row" className={cls}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.key} className={cls}>
                    {c.cell(r)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
