import { z } from 'zod';
import type { SettingDefinition } from './service';

const providerSchema = z.strictObject({
  enabled: z.boolean(),
  // Published in the register and the audit log: credentials belong in apiKey, never in the URL.
  baseUrl: z
    .string()
    .url()
    .refine((u) => /^https?:$/.test(new URL(u).protocol), 'Must be an http(s) URL')
    .refine((u) => {
      const url = new URL(u);
      return !url.username && !url.password && !url.search;
    }, 'Must not contain credentials or a query string: put the key in apiKey')
    .nullable(),
  model: z.string().min(1).max(200).nullable(),
  apiKey: z.string().max(500).default(''),
});

const PROVIDER_OFF = { enabled: false, baseUrl: null, model: null, apiKey: '' };

export const aiProvidersSchema = z
  .strictObject({
    generation: providerSchema,
    embeddings: providerSchema,
    // Added after the first release: a stored setting without it reads as switched off.
    reranking: providerSchema.default(PROVIDER_OFF),
  })
  .superRefine((v, ctx) => {
    for (const kind of ['generation', 'embeddings', 'reranking'] as const) {
      const p = v[kind];
      if (p.enabled && (!p.baseUrl || !p.model)) {
        ctx.addIssue({ code: 'custom', path: [kind, p.baseUrl ? 'model' : 'baseUrl'], message: 'Required when the provider is enabled' });
      }
    }
  });
export type AiProvidersSetting = z.infer<typeof aiProvidersSchema>;

export const organisationSchema = z.strictObject({
  name: z.string().min(1).max(200),
  contactEmail: z.string().email(),
  contactUrl: z.string().url().nullable(),
  dpoEmail: z.string().email().nullable(),
});
export type OrganisationSetting = z.infer<typeof organisationSchema>;

export const AI_PROVIDERS_KEY = 'ai.providers';
export const ORGANISATION_KEY = 'organisation';

export const CORE_SETTINGS: SettingDefinition[] = [
  {
    key: AI_PROVIDERS_KEY,
    schema: aiProvidersSchema,
    defaultValue: {
      generation: PROVIDER_OFF,
      embeddings: PROVIDER_OFF,
      reranking: PROVIDER_OFF,
    } satisfies AiProvidersSetting,
    secretPaths: [
      ['generation', 'apiKey'],
      ['embeddings', 'apiKey'],
      ['reranking', 'apiKey'],
    ],
  },
  {
    key: ORGANISATION_KEY,
    schema: organisationSchema,
    defaultValue: {
      name: 'Commune de démonstration',
      contactEmail: 'contact@demo.beffroi.fr',
      contactUrl: null,
      dpoEmail: 'dpo@demo.beffroi.fr',
    } satisfies OrganisationSetting,
  },
];
