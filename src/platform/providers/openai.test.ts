import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai';
import { createEmbeddingsClient, createGenerationClient } from './openai';

describe('OpenAI-compatible provider clients', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.close());

  it('is null when disabled or incomplete', () => {
    expect(createEmbeddingsClient({ enabled: false, baseUrl: fake.baseUrl, model: 'm', apiKey: '' })).toBeNull();
    expect(createGenerationClient({ enabled: true, baseUrl: fake.baseUrl, model: null, apiKey: '' })).toBeNull();
  });

  it('embeds in batches, in input order, as floats', async () => {
    const client = createEmbeddingsClient({ enabled: true, baseUrl: fake.baseUrl, model: 'emb-1', apiKey: '' })!;
    const texts = Array.from({ length: 70 }, (_, i) => `texte numéro ${i}`);
    const vectors = await client.embed(texts);
    expect(vectors).toHaveLength(70);
    expect(fake.embeddingRequests.map((r) => r.input.length)).toEqual([64, 6]);
    expect(vectors[69]!.length).toBeGreaterThan(0);
  });

  it('completes chats with scripted replies and surfaces errors', async () => {
    const client = createGenerationClient({ enabled: true, baseUrl: fake.baseUrl, model: 'gen-1', apiKey: 'k' })!;
    fake.queueChatReplies('Bonjour [1].');
    expect(await client.complete([{ role: 'user', content: 'Salut' }])).toBe('Bonjour [1].');
    expect(fake.chatRequests.at(-1)).toMatchObject({ model: 'gen-1', messages: [{ role: 'user', content: 'Salut' }] });
    fake.queueChatReplies(new Error('boom'), new Error('boom'));
    await expect(client.complete([{ role: 'user', content: 'x' }])).rejects.toThrow();
  });
});
