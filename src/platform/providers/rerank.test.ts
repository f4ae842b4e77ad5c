import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai';
import { createRerankClient, describeProviderError } from './openai';

describe('reranking client', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });

  const client = () => createRerankClient({ enabled: true, baseUrl: fake.baseUrl, model: 'rerank-test', apiKey: '' })!;
  const docs = ['La piscine ouvre à 9 h.', 'La mairie ouvre à 8 h 30.', 'Le marché a lieu le dimanche.'];

  it('returns one score per document, in the documents’ order, from a Cohere-style server', async () => {
    fake.rerankShape = 'cohere';
    fake.rerankHandler = () => [0.1, 0.9, 0.3];
    expect(await client().rerank('horaires mairie', docs)).toEqual([0.1, 0.9, 0.3]);
    expect(fake.rerankRequests.at(-1)).toEqual({ model: 'rerank-test', query: 'horaires mairie', documents: docs });
  });

  it('switches to Albert’s request shape when the server refuses the first as invalid, and keeps it', async () => {
    fake.rerankShape = 'albert';
    fake.rerankHandler = () => [0.2, 0.7, 0.1];
    const c = client();
    const before = fake.rerankRequests.length;
    expect(await c.rerank('horaires mairie', docs)).toEqual([0.2, 0.7, 0.1]);
    expect(await c.rerank('marché', docs)).toEqual([0.2, 0.7, 0.1]);
    expect(fake.rerankRequests.length - before).toBe(2);
  });

  it('reports a failure by its status, never by a message that echoes the request', async () => {
    const c = createRerankClient({ enabled: true, baseUrl: fake.baseUrl, model: 'm', apiKey: '' })!;
    fake.rerankShape = 'cohere';
    fake.rerankHandler = () => new Error('down');
    const err = await c.rerank('ma question avec 06 12 34 56 78', docs).catch((e: unknown) => e);
    expect(describeProviderError(err)).toBe('HTTP 500');
    expect(describeProviderError(new Error('anything'))).toBe('provider error');
  });
});
