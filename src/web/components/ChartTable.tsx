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

export interface BarDatum {
  key: string;
  label: ReactNode;
  /** The bar's length (a negative one draws no bar). */
  value: number;
  /** Shown after the bar instead of the bare value (a count with its share…). */
  valueText?: string;
  /** A word shown beside the bar (e.g. "under-represented"), so that nothing is said by colour alone. */
  note?: ReactNode;
}

/**
 * Horizontal bars drawn in HTML, hidden from assistive technologies: the data table the page
 * always puts beside it says the same (`ChartTable` draws both; a page that builds its own table
 * wraps the two in `.ct-chart-and-table`). Each bar carries its figure in text, so the chart reads
 * without colour and fits a phone's width.
 */
export function BarChart({ data, testId }: { data: readonly BarDatum[]; testId?: string }) {
  const max = Math.max(1, ...data.map((d) => Math.abs(d.value)));
  return (
    <div className="ct-bars" aria-hidden="true" data-testid={testId}>
      {data.map((d) => (
        <div className="ct-bar-row" key={d.key}>
          <span className="ct-bar-label">{d.label}</span>
          <span className="ct-bar-track">
            <span className="ct-bar-fill" style={{ width: `${(Math.max(0, d.value) / max) * 100}%` }} />
          </span>
          <span className="ct-bar-value">
            {d.valueText ?? d.value}
            {d.note ? <> {d.note}</> : null}
          </span>
        </div>
      ))}
    </div>
  );
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
  return (
    <div className={stacked ? 'ct-chart-and-table ct-stacked' : 'ct-chart-and-table'}>
      <BarChart data={rows} testId={`${testId}-chart`} />
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
