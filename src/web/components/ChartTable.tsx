import type { ReactNode } from 'react';
import { TableWrap } from './TableWrap';

export interface ChartRow {
  key: string;
  /** The row's header (a month, a category…). */
  label: ReactNode;
  /** One cell per column after the first, already formatted. */
  cells: ReactNode[];
  /** The bar's length (the chart shows this one figure; a negative one draws no bar). */
  value: number;
  /** The bar's figure as words, shown after it. */
  valueText: string;
}

/**
 * A chart and its data table side by side (stacked on a phone). The bars are drawn in HTML and
 * hidden from assistive technologies: the table beside says the same, and more. Each bar carries
 * its figure in text, so nothing is told by colour or length alone. The table scrolls in a
 * `TableWrap` (a named, focusable region) when too wide for the screen.
 */
export function ChartTable({
  caption,
  columns,
  rows,
  testId,
  stacked = false,
}: {
  caption: string;
  columns: string[];
  rows: ChartRow[];
  testId: string;
  /** The table under the chart even on a wide screen (a table of many columns). */
  stacked?: boolean;
}) {
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  return (
    <div className={stacked ? 'ct-chart-and-table ct-stacked' : 'ct-chart-and-table'}>
      <div className="ct-bars" aria-hidden="true" data-testid={`${testId}-chart`}>
        {rows.map((r) => (
          <div className="ct-bar-row" key={r.key}>
            <span className="ct-bar-label">{r.label}</span>
            <span className="ct-bar-track">
              <span className="ct-bar-fill" style={{ width: `${(Math.max(0, r.value) / max) * 100}%` }} />
            </span>
            <span className="ct-bar-value">{r.valueText}</span>
          </div>
        ))}
      </div>
      <TableWrap label={caption}>
        <table className="table" data-testid={`${testId}-table`}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
