import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CORE_SETTINGS } from './core';
import { maskSecrets } from './service';
import { AI_PROVIDERS_SETTING, maskedSettingSchema, type SecretMarker, type SettingRead, type SettingUpdate } from './api-schemas';

const PROVIDER = { enabled: true, baseUrl: 'https://llm.example.org/v1', model: 'mistral-small', apiKey: 'sk-secret' };
// One object under two keys, as a default built from a constant is.
const STORED = { generation: PROVIDER, embeddings: { ...PROVIDER, apiKey: '' }, reranking: PROVIDER };

describe('settings as the API returns them', () => {
  const masked = maskedSettingSchema(AI_PROVIDERS_SETTING.schema, AI_PROVIDERS_SETTING.secretPaths);

  it('checks each secret as a marker, so that a secret in clear cannot leave through the settings route', () => {
    const answer = maskSecrets(STORED, AI_PROVIDERS_SETTING.secretPaths ?? []);
    expect(z.safeEncode(masked, answer)).toMatchObject({
      success: true,
      data: { generation: { apiKey: { set: true } }, embeddings: { apiKey: { set: false } }, reranking: { apiKey: { set: true } } },
    });
    // A masking mistake would send the key itself: the response schema refuses it (a 500, not a leak).
    expect(z.safeEncode(masked, STORED).success).toBe(false);
  });

  it('keeps every other field of the value, and masks nothing in a setting without secrets', () => {
    const answer = maskSecrets(STORED, AI_PROVIDERS_SETTING.secretPaths ?? []) as typeof STORED;
    expect(z.encode(masked, answer)).toEqual(answer);
    for (const definition of CORE_SETTINGS) {
      const value = maskSecrets(definition.defaultValue, definition.secretPaths ?? []);
      expect(z.encode(maskedSettingSchema(definition.schema, definition.secretPaths), value), definition.key).toEqual(value);
    }
  });

  it('types a setting read with its secrets as markers, and a write with the secret or its marker', () => {
    type Read = SettingRead<typeof AI_PROVIDERS_SETTING>;
    expectTypeOf<Read['generation']['apiKey']>().toEqualTypeOf<SecretMarker>();
    expectTypeOf<Read['generation']['baseUrl']>().toEqualTypeOf<string | null>();
    type Write = SettingUpdate<typeof AI_PROVIDERS_SETTING>['value'];
    expectTypeOf<Write['generation']['apiKey']>().toEqualTypeOf<string | SecretMarker | undefined>();
  });
});
