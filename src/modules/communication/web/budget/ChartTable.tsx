import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface ChartRow {
  key: string;
  label: ReactNode;
  /** One cell per column after the first, already formatted. */
  cells: ReactNode[];
  /** The bar's length. */
  value: number;
  /** The bar's figure in words, shown after it. */
  valueText: string;
}

/** `.table-wrap`; when the table overflows, a named, focusable region so the keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setScrollable(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="table-wrap" {...(scrollable ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}

/**
 * A chart and its data table side by side (stacked on a phone), as the public-space dashboard
 * draws them: bars in HTML, hidden from assistive technologies since the table says the same;
 * each bar carries its figure in text, so nothing is told by length alone.
 */
export function ChartTable({ caption, columns, rows, testId }: { caption: string; columns: string[]; rows: ChartRow[]; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  return (
    <div className="bu-chart-and-table">
      <div className="bu-bars" aria-hidden="true" data-testid={`${testId}-chart`}>
        {rows.map((r) => (
          <div className="bu-bar-row" key={r.key}>
            <span className="bu-bar-label">{r.label}</span>
            <span className="bu-bar-track">
              <span className="bu-bar-fill" style={{ width: `${(Math.max(0, r.value) / max) * 100}%` }} />
            </span>
            <span className="bu-bar-value">{r.valueText}</span>
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
