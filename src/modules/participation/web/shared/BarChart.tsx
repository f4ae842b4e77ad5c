import type { ReactNode } from 'react';

export interface BarDatum {
  key: string;
  label: ReactNode;
  value: number;
  /** Shown after the bar instead of the bare value (a count with its share…). */
  valueText?: string;
  /** A word shown beside the bar (e.g. "under-represented"), so that nothing is said by colour alone. */
  note?: ReactNode;
}

/**
 * Horizontal bars drawn in HTML, hidden from assistive technologies: the data table the page
 * always puts beside it says the same. Bars are labelled with their value in text, so the
 * chart reads without colour and fits a phone's width.
 */
export function BarChart({ data, testId }: { data: readonly BarDatum[]; testId?: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <div className="pa-bars" aria-hidden="true" data-testid={testId}>
      {data.map((d) => (
        <div className="pa-bar-row" key={d.key}>
          <span className="pa-bar-label">{d.label}</span>
          <span className="pa-bar-track">
            <span className="pa-bar-fill" style={{ width: `${(d.value / max) * 100}%` }} />
          </span>
          <span className="pa-bar-value">
            {d.valueText ?? d.value}
            {d.note ? <> {d.note}</> : null}
          </span>
        </div>
      ))}
    </div>
  );
}
