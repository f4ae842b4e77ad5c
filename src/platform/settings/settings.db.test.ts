import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/service';
import type { Database } from '../db/client';
import { HttpProblem } from '../http/problem';
import { openTestDatabase, testBackend } from '../testing/db';
import { AI_PROVIDERS_KEY, CORE_SETTINGS, type AiProvidersSetting } from './core';
import { createSettingsService, type SettingsService } from './service';

const OFF = { enabled: false, baseUrl: null, model: null, apiKey: '' };

describe(`a stored API key stays with its server (${testBackend()})`, () => {
  let database: Database;
  let settings: SettingsService;
  const put = (value: unknown) => database.db.transaction((tx) => settings.set(tx, SYSTEM_ACTOR, AI_PROVIDERS_KEY, value));
  const stored = () => settings.get<AiProvidersSetting>(AI_PROVIDERS_KEY);

  beforeAll(async () => {
    database = await openTestDatabase();
    settings = createSettingsService(database.db, CORE_SETTINGS);
  });
  afterAll(() => database?.close());

  beforeAll(async () => {
    await put({
      generation: { enabled: true, baseUrl: 'https://albert.example/v1', model: 'mistral-small', apiKey: 'sk-stored-key' },
      embeddings: OFF,
    });
  });

  it('keeps the stored key when the update leaves it out and the server is the same', async () => {
    await put({ generation: { enabled: true, baseUrl: 'https://albert.example/v1', model: 'mistral-large', apiKey: { set: true } }, embeddings: OFF });
    expect((await stored()).generation).toMatchObject({ model: 'mistral-large', apiKey: 'sk-stored-key' });
  });

  it('refuses to carry the stored key over to another server, pointing at the key, and changes nothing', async () => {
    const attempt = put({
      generation: { enabled: true, baseUrl: 'https://attacker.example/v1', model: 'mistral-large', apiKey: { set: true } },
      embeddings: OFF,
    });
    const error = (await attempt.catch((e: unknown) => e)) as HttpProblem;
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error.status).toBe(400);
    expect(error.code).toBe('settings.secret_required');
    expect(error.extra.errors).toEqual([
      expect.objectContaining({ pointer: '/body/value/generation/apiKey', code: 'secret_required', message: expect.stringContaining('baseUrl') }),
    ]);
    // Left out entirely: the same.
    await expect(
      put({ generation: { enabled: true, baseUrl: 'https://attacker.example/v1', model: 'mistral-large' }, embeddings: OFF }),
    ).rejects.toMatchObject({ status: 400, code: 'settings.secret_required' });
    settings.invalidate();
    expect((await stored()).generation).toMatchObject({ baseUrl: 'https://albert.example/v1', apiKey: 'sk-stored-key' });
  });

  it('accepts a new server with its key given again, or with no key', async () => {
    await put({ generation: { enabled: true, baseUrl: 'https://mistral.example/v1', model: 'm', apiKey: 'sk-new-key' }, embeddings: OFF });
    expect((await stored()).generation).toMatchObject({ baseUrl: 'https://mistral.example/v1', apiKey: 'sk-new-key' });
    await put({ generation: { enabled: true, baseUrl: 'http://ollama.local:11434/v1', model: 'm', apiKey: '' }, embeddings: OFF });
    expect((await stored()).generation).toMatchObject({ baseUrl: 'http://ollama.local:11434/v1', apiKey: '' });
    // No stored key to carry over: nothing to give again.
    await put({ generation: { enabled: true, baseUrl: 'http://vllm.local/v1', model: 'm', apiKey: { set: false } }, embeddings: OFF });
    expect((await stored()).generation).toMatchObject({ baseUrl: 'http://vllm.local/v1', apiKey: '' });
  });
});
