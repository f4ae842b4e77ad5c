/** A choropleth's legend as a list: one swatch and its range per class, then "no data". Text, so it reads without the colours. */
export interface LegendEntry {
  colour: string;
  label: string;
  count?: number;
}

export function Legend({ title, entries, countLabel }: { title: string; entries: readonly LegendEntry[]; countLabel?: (n: number) => string }) {
  return (
    <figure className="map-legend">
      <figcaption>{title}</figcaption>
      <ul>
        {entries.map((e) => (
          <li key={`${e.colour}-${e.label}`}>
            <span className="map-swatch" style={{ background: e.colour }} aria-hidden="true" />
            <span>{e.label}</span>
            {e.count !== undefined && countLabel ? <span className="map-legend-count">{countLabel(e.count)}</span> : null}
          </li>
        ))}
      </ul>
    </figure>
  );
}
