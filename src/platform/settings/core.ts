import { z } from 'zod';
import { networkHoldsMetadata, parseNetwork } from '../net/address-policy';
import { whenValidSoFar } from '../validation/text';
import {
  AI_PROVIDERS_SETTING,
  aiProvidersSchema,
  NETWORK_INVALID,
  MAP_SETTING,
  ORGANISATION_SETTING,
  organisationSchema,
  OUTBOUND_SETTING,
  outboundSettingSchema,
  PROVIDER_OFF,
  privateNetworkEntry,
  type AiProvidersSetting,
  type MapSetting,
  type OrganisationSetting,
  type OutboundSetting,
} from './api-schemas';
import type { SettingDefinition } from './service';

// The value schemas are in `api-schemas.ts` (the web reads the settings through their types).
export { aiProvidersSchema, organisationSchema, type AiProvidersSetting, type OrganisationSetting, type OutboundSetting };

/**
 * What Beffroi may fetch on a user's behalf (`src/platform/net/outbound.ts`): the API's shape, with
 * each opened network read as an address and a prefix, and refused when it holds a metadata address.
 */
export const outboundSchema = outboundSettingSchema.extend({
  allowedPrivateNetworks: z
    .array(
      privateNetworkEntry
        .refine((cidr) => parseNetwork(cidr) !== null, { ...NETWORK_INVALID, ...whenValidSoFar })
        .refine((cidr) => !networkHoldsMetadata(parseNetwork(cidr)!), {
          message: 'Must not contain a cloud metadata address (169.254.169.254, fd00:ec2::254, 100.100.100.200…)',
          params: { code: 'outbound.network_holds_metadata' },
          ...whenValidSoFar,
        }),
    )
    .max(50)
    .default([]),
});

export const AI_PROVIDERS_KEY = AI_PROVIDERS_SETTING.key;
export const ORGANISATION_KEY = ORGANISATION_SETTING.key;
export const OUTBOUND_KEY = OUTBOUND_SETTING.key;
export const MAP_KEY = MAP_SETTING.key;

export const CORE_SETTINGS: SettingDefinition[] = [
  {
    ...AI_PROVIDERS_SETTING,
    defaultValue: {
      generation: PROVIDER_OFF,
      embeddings: PROVIDER_OFF,
      reranking: PROVIDER_OFF,
    } satisfies AiProvidersSetting,
    // A stored key goes only to the server it was given for.
    secretBindings: [
      { secret: ['generation', 'apiKey'], siblings: ['baseUrl'] },
      { secret: ['embeddings', 'apiKey'], siblings: ['baseUrl'] },
      { secret: ['reranking', 'apiKey'], siblings: ['baseUrl'] },
    ],
  },
  {
    ...ORGANISATION_SETTING,
    defaultValue: {
      name: 'Commune de démonstration',
      contactEmail: 'contact@demo.beffroi.fr',
      contactUrl: null,
      dpoEmail: 'dpo@demo.beffroi.fr',
    } satisfies OrganisationSetting,
  },
  {
    // The server's schema: the API's, with each network read further.
    ...OUTBOUND_SETTING,
    schema: outboundSchema,
    defaultValue: { allowedHosts: [], allowedPrivateNetworks: [] } satisfies OutboundSetting,
  },
  {
    // Offline by default: the territory's own outlines on a plain background.
    ...MAP_SETTING,
    defaultValue: { basemap: 'none' } satisfies MapSetting,
  },
];
