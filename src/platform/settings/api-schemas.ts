/**
 * Settings as the API reads and writes them, in zod: the core settings' value schemas, the masking
 * of secrets, and the types the web reads `GET /api/admin/settings` through. Pure: zod and the
 * shared text type only, so that web code may import its types (`import type`).
 *
 * A module's setting is declared once as a spec (key, value schema, secret fields: `settingSpec`)
 * in a pure file; its server definition (`SettingDefinition`) adds the default and may refine the
 * schema with checks that need the server (the outbound networks are read with `node:net`).
 */
import { z } from 'zod';
import { email, httpUrl, line, text, token, whenValidSoFar } from '../validation/text';

/** What the API returns in place of a secret: whether one is stored. Never the secret. */
export const secretMarkerSchema = z.object({ set: z.boolean() });
export type SecretMarker = z.infer<typeof secretMarkerSchema>;

/** Paths of the secret fields in a setting's value, e.g. `[['generation', 'apiKey']]`. */
export type SecretPaths = string[][];

/** What a setting is, for the API and the web: its key, its value's schema, its secret fields. */
export interface SettingSpec<K extends string = string, S extends z.ZodType = z.ZodType, P extends SecretPaths = SecretPaths> {
  key: K;
  schema: S;
  secretPaths?: P;
}

/** A spec keeping the literal key and secret paths, so that `SettingRead` can mask the right fields. */
export function settingSpec<const K extends string, S extends z.ZodType, const P extends SecretPaths = []>(
  key: K,
  schema: S,
  secretPaths?: P,
): SettingSpec<K, S, P> {
  return secretPaths ? { key, schema, secretPaths } : { key, schema };
}

type MaskPath<T, Path extends string[], Leaf> = Path extends [infer Head extends string, ...infer Rest extends string[]]
  ? T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]: K extends Head ? (Rest extends [] ? Leaf : MaskPath<T[K], Rest, Leaf>) : T[K] }
      : T
  : T;

/** `T` with the field at each path replaced by `Leaf` (`{ set: boolean }`, as `maskSecrets` does at run time). */
export type MaskSecrets<T, Paths extends SecretPaths, Leaf = SecretMarker> = Paths extends [
  infer First extends string[],
  ...infer More extends SecretPaths,
]
  ? MaskSecrets<MaskPath<T, First, Leaf>, More, Leaf>
  : T;

type SecretPathsOf<Spec extends SettingSpec> = Spec extends SettingSpec<string, z.ZodType, infer P> ? (P extends SecretPaths ? P : []) : [];

/** A setting's value as `GET /api/admin/settings` returns it: the schema's output, secrets masked. */
export type SettingRead<Spec extends SettingSpec> = MaskSecrets<z.output<Spec['schema']>, SecretPathsOf<Spec>>;

/**
 * The body of `PUT /api/admin/settings/:key`: the value as the schema reads it, where a secret may
 * also be its marker sent back (`{ set: true }`: keep the stored one) or left out.
 */
export type SettingUpdate<Spec extends SettingSpec> = { value: MaskSecrets<z.input<Spec['schema']>, SecretPathsOf<Spec>, string | SecretMarker> };

/** Some settings of `GET /api/admin/settings` (it returns every declared setting), by key. */
export type SettingsRead<Specs extends readonly SettingSpec[]> = { [Spec in Specs[number] as Spec['key']]: SettingRead<Spec> };

/**
 * The schema of a setting's value as the API returns it: each secret field checked as a marker.
 * The value's own checks stay; its object refinements (which read whole values) are not run again.
 */
export function maskedSettingSchema(schema: z.ZodType, secretPaths: readonly (readonly string[])[] = []): z.ZodType {
  return secretPaths.reduce<z.ZodType>((s, path) => maskField(s, path), schema);
}

function maskField(schema: z.ZodType, path: readonly string[]): z.ZodType {
  if (path.length === 0) return secretMarkerSchema;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) return maskField(schema.unwrap() as z.ZodType, path);
  if (schema instanceof z.ZodNullable) return maskField(schema.unwrap() as z.ZodType, path).nullable();
  if (schema instanceof z.ZodOptional) return maskField(schema.unwrap() as z.ZodType, path).optional();
  if (schema instanceof z.ZodObject) {
    const [head, ...rest] = path as [string, ...string[]];
    const shape = schema.shape as Record<string, z.ZodType>;
    const field = shape[head];
    if (!field) return schema;
    return z.object({ ...shape, [head]: maskField(field, rest) });
  }
  return schema;
}

export const settingKeyParams = z.strictObject({ key: token(100) });
/** The new value, validated by the schema the setting's module declares; a secret left out (or sent back as its marker) keeps its stored value. */
export const settingUpdateBody = z.strictObject({ value: z.unknown() });

// Core settings ----------------------------------------------------------------------------

const providerSchema = z.strictObject({
  enabled: z.boolean(),
  // Published in the register and the audit log: credentials belong in apiKey, never in the URL.
  baseUrl: httpUrl(2000)
    .refine(
      (u) => {
        const url = new URL(u);
        return !url.username && !url.password && !url.search;
      },
      { message: 'Must not contain credentials or a query string: put the key in apiKey', params: { code: 'settings.provider_url_credentials' }, ...whenValidSoFar },
    )
    .nullable(),
  model: line(200).nullable(),
  // A secret is kept exactly as given (no trimming).
  apiKey: text({ max: 500, trim: false }).default(''),
});

export const PROVIDER_OFF = { enabled: false, baseUrl: null, model: null, apiKey: '' };

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
        ctx.addIssue({
          code: 'custom',
          path: [kind, p.baseUrl ? 'model' : 'baseUrl'],
          message: 'Required when the provider is enabled',
          params: { code: 'settings.provider_field_required' },
        });
      }
    }
  });

export const organisationSchema = z.strictObject({
  name: line(200),
  contactEmail: email(254),
  // Any scheme, as before (a mailto: link is a contact too).
  contactUrl: text({ max: 2000, min: 1 })
    .refine((u) => URL.canParse(u), { message: 'Must be a URL', params: { code: 'settings.url_invalid' }, ...whenValidSoFar })
    .meta({ format: 'uri' })
    .nullable(),
  dpoEmail: email(254).nullable(),
});

/** `mairie.fr` or `*.mairie.fr`: ASCII (an internationalised name in its `xn--` form) or an IPv4 address. */
export const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const NETWORK_SYNTAX = /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/;

/** The refusal of an entry that is not a network, here and in the server's finer check (`settings/core.ts`). */
export const NETWORK_INVALID = { message: 'Must be a network in CIDR notation, e.g. 10.20.0.0/16', params: { code: 'outbound.network_invalid' } };

/** One opened network, as far as its syntax goes (the server reads it as an address and a prefix too). */
export const privateNetworkEntry = z
  .string()
  .min(1)
  .max(60)
  .refine((cidr) => NETWORK_SYNTAX.test(cidr), NETWORK_INVALID)
  // The form in the API's documentation; the refusal is the refinement's, which says what to write.
  .meta({ pattern: NETWORK_SYNTAX.source });

/**
 * What Beffroi may fetch on a user's behalf (`src/platform/net/outbound.ts`). Empty lists: any
 * host, public addresses only. The server's schema (`settings/core.ts`) checks each network further.
 */
export const outboundSettingSchema = z.strictObject({
  /** When not empty, the only hosts fetched: `mairie.fr` exactly, or `*.mairie.fr` for the hosts below it. */
  allowedHosts: z
    .array(
      z
        .string()
        .min(1)
        .max(253)
        .refine((host) => HOST_PATTERN.test(host), {
          message: 'Must be a host name such as mairie.fr, or *.mairie.fr for the hosts below it',
          params: { code: 'outbound.host_invalid' },
        })
        .meta({ pattern: HOST_PATTERN.source }),
    )
    .max(200)
    .default([]),
  /** Non-public networks opened for a commune's intranet, e.g. `10.20.0.0/16`; never one holding a cloud metadata address. */
  allowedPrivateNetworks: z.array(privateNetworkEntry).max(50).default([]),
});

export const AI_PROVIDERS_SETTING = settingSpec('ai.providers', aiProvidersSchema, [
  ['generation', 'apiKey'],
  ['embeddings', 'apiKey'],
  ['reranking', 'apiKey'],
]);
export const ORGANISATION_SETTING = settingSpec('organisation', organisationSchema);
export const OUTBOUND_SETTING = settingSpec('platform.outbound', outboundSettingSchema);

/**
 * The basemap under every map (`src/web/map`): none (the territory's own outlines on a plain
 * background, offline: the default), a style URL (a national vector basemap; its origin is then
 * allowed by the Content-Security-Policy), or the PMTiles file Beffroi serves itself
 * (`BEFFROI_MAP_TILES`).
 */
export const mapSettingSchema = z.discriminatedUnion('basemap', [
  z.strictObject({ basemap: z.literal('none') }),
  z.strictObject({
    basemap: z.literal('style'),
    styleUrl: httpUrl(2000).refine((v) => v.startsWith('https://'), { message: 'Must be an https URL', params: { code: 'map.style_not_https' }, ...whenValidSoFar }),
    attribution: text({ max: 300, min: 0 }).default(''),
    /** Other origins the style loads tiles, glyphs or sprites from (https://host[:port]). */
    extraOrigins: z.array(token(200, /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/)).max(5).default([]),
  }),
  z.strictObject({
    basemap: z.literal('pmtiles'),
    attribution: text({ max: 300, min: 0 }).default(''),
  }),
]);
export const MAP_SETTING = settingSpec('platform.map', mapSettingSchema);
export type MapSetting = z.infer<typeof mapSettingSchema>;

export type AiProvidersSetting = z.infer<typeof aiProvidersSchema>;
export type AiProvidersRead = SettingRead<typeof AI_PROVIDERS_SETTING>;
export type ProviderSettingRead = AiProvidersRead['generation'];
export type OrganisationSetting = z.infer<typeof organisationSchema>;
export type OutboundSetting = z.infer<typeof outboundSettingSchema>;

/** `GET /api/public/settings/organisation`: who runs this Beffroi, as residents see it. */
export const organisationViewSchema = z.object({
  name: z.string(),
  contactEmail: z.string(),
  contactUrl: z.string().nullable(),
  dpoEmail: z.string().nullable(),
});
export type Organisation = z.infer<typeof organisationViewSchema>;
