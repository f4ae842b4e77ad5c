/** The observatory's API types, from the server's schemas (types only: nothing of the server reaches the bundle). */
export type {
  AnalysisRequest,
  AnalysisResultView,
  CatalogueView,
  IndicatorView,
  PortraitView,
  ReviewView,
  TerritoryResultView,
  ValuesView,
} from '../api-schemas';
