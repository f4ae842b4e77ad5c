/** The quotas of the demo assembly and of the tests' pool (`testing/pool.csv`): a panel of 10 among 40 volunteers. */
import type { QuotaInput } from './api-schemas';

export const DEMO_PANEL_SIZE = 10;

/** Two volunteers only are 60 or older: a minimum of 3 cannot be met, and the smallest relaxation lowers it to 2. */
export const DEMO_QUOTAS: QuotaInput[] = [
  { feature: 'genre', value: 'femme', min: 4, max: 6 },
  { feature: 'genre', value: 'homme', min: 4, max: 6 },
  { feature: 'age', value: '18-34', min: 2, max: 4 },
  { feature: 'age', value: '35-59', min: 3, max: 5 },
  { feature: 'age', value: '60+', min: 3, max: 4 },
  { feature: 'quartier', value: 'Centre', min: 2, max: 5 },
  { feature: 'quartier', value: 'Nord', min: 2, max: 5 },
  { feature: 'quartier', value: 'Sud', min: 2, max: 5 },
];
