import { z } from 'zod';
import type { SettingDefinition } from '../../platform/settings/service';
import { token } from '../../platform/validation/text';
import { ZONE_CODE, ZONING_CODE } from './api-schemas';

export const SERVED_TERRITORY_KEY = 'territory.served';

/**
 * The commune this installation serves (a zone of a zoning, usually `communes`) and the zoning its
 * residents choose their district from. Null until set: the demo seed sets the demo commune.
 */
export const servedTerritorySchema = z
  .strictObject({
    zoning: token(63, ZONING_CODE),
    code: token(64, ZONE_CODE),
    districtZoning: token(63, ZONING_CODE).nullable(),
  })
  .nullable();

export type ServedTerritorySetting = z.infer<typeof servedTerritorySchema>;

export const TERRITORY_SETTINGS: SettingDefinition[] = [
  { key: SERVED_TERRITORY_KEY, schema: servedTerritorySchema, defaultValue: null satisfies ServedTerritorySetting },
];
