/**
 * What the observatory offers the other modules (`ctx.services.observatory`, after declaring
 * `dependsOn: ['observatory']`): the catalogue and an indicator's values over a zoning, for a
 * public-space or communication page that quotes a figure with its source.
 */
import type { CatalogueView, ValuesView } from './api-schemas';

export type { CatalogueView, IndicatorView, ValuesView } from './api-schemas';

export interface ObservatoryServices {
  /** Goes up with every import or catalogue change: cache by it. */
  dataVersion(): Promise<number>;
  catalogue(): Promise<CatalogueView>;
  /** An indicator over a zoning for one year (the latest by default); throws a 404 problem when unknown. */
  values(zoning: string, indicator: string, year?: number): Promise<ValuesView>;
}
