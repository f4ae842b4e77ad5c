import OpenAI from 'openai';
import { z } from 'zod';
import type { AppContext } from '../modules';
import { AI_PROVIDERS_KEY, type AiProvidersSetting } from '../settings/core';
import { stripControlCharacters } from '../validation/text';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionOptions {
  temperature?: number;
  maxTokens?: number;
  /** Aborts the request early, e.g. when the resident's request is cancelled. */
  signal?: AbortSignal;
}

export interface EmbeddingsClient {
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}

export interface GenerationClient {
  model: string;
  complete(messages: ChatMessage[], opts?: CompletionOptions): Promise<string>;
}

/** A reranking model: scores each document's relevance to the query (higher is more relevant). */
export interface RerankClient {
  model: string;
  rerank(query: string, documents: string[]): Promise<number[]>;
}

export interface ProviderClients {
  embeddings: EmbeddingsClient | null;
  generation: GenerationClient | null;
  reranking: RerankClient | null;
}

type ProviderSetting = AiProvidersSetting['generation'];

/** A resident is waiting: a slow provider must give way to the extractive answer quickly. */
const GENERATION_TIMEOUT_MS = 20_000;
const EMBEDDINGS_TIMEOUT_MS = 10_000;
/** Reranking sits on the answer's critical path: past this, the answer keeps the ranking it has. */
const RERANK_TIMEOUT_MS = 5_000;
/** One retry at most, so an outage does not multiply the load on the provider (no retry storms). */
const MAX_RETRIES = 1;
/** Providers cap the inputs per embeddings request; batches keep ingestion of long documents within it. */
const EMBEDDINGS_BATCH = 64;

function makeClient(p: ProviderSetting, timeout: number, maxRetries = MAX_RETRIES): OpenAI {
  return new OpenAI({
    baseURL: p.baseUrl!,
    // Self-hosted OpenAI-compatible servers often need no key; the SDK refuses an empty one.
    apiKey: p.apiKey || 'unused',
    timeout,
    maxRetries,
  });
}

/**
 * What may be logged or stored of a provider's failure: its kind and HTTP status, never its
 * message, which the SDK builds from the response body, and servers echo the request there
 * (the question, the passages) in validation errors.
 */
export function describeProviderError(err: unknown): string {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (err instanceof OpenAI.APIConnectionError) return 'connection error';
  // The code is the provider's text and is stored with the question's log line.
  if (err instanceof OpenAI.APIError) return `HTTP ${err.status ?? 'error'}${typeof err.code === 'string' ? ` (${stripControlCharacters(err.code).slice(0, 40)})` : ''}`;
  if (err instanceof Error && err.name === 'AbortError') return 'aborted';
  return 'provider error';
}

export function createEmbeddingsClient(p: ProviderSetting): EmbeddingsClient | null {
  if (!p.enabled || !p.baseUrl || !p.model) return null;
  const client = makeClient(p, EMBEDDINGS_TIMEOUT_MS);
  const model = p.model;
  return {
    model,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += EMBEDDINGS_BATCH) {
        const batch = texts.slice(i, i + EMBEDDINGS_BATCH);
        // 'float' explicitly: the SDK otherwise asks for base64 and decodes it, which some compatible servers do not support.
        const res = await client.embeddings.create({ model, input: batch, encoding_format: 'float' });
        const byIndex = [...res.data].sort((a, b) => a.index - b.index);
        if (byIndex.length !== batch.length) {
          throw new Error(`Embeddings provider returned ${byIndex.length} vectors for ${batch.length} inputs`);
        }
        for (const d of byIndex) out.push(d.embedding as number[]);
      }
      return out;
    },
  };
}

export function createGenerationClient(p: ProviderSetting): GenerationClient | null {
  if (!p.enabled || !p.baseUrl || !p.model) return null;
  const client = makeClient(p, GENERATION_TIMEOUT_MS);
  const model = p.model;
  return {
    model,
    async complete(messages, opts = {}) {
      const res = await client.chat.completions.create(
        {
          model,
          messages,
          temperature: opts.temperature ?? 0,
          ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
        },
        opts.signal ? { signal: opts.signal } : undefined,
      );
      const content = res.choices[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('Generation provider returned no text');
      // What a model writes is stored with the answer: a NUL from it would fail that write (a 500
      // for the resident), and other control characters have no place in an answer.
      return stripControlCharacters(content);
    },
  };
}

const rerankResponse = z.union([
  // Cohere, Jina, vLLM, Infinity, TEI behind a compatible proxy, LiteLLM
  z.object({ results: z.array(z.object({ index: z.number().int().nonnegative(), relevance_score: z.number() })) }),
  // Albert API (Etalab) and other OpenAI-style list responses
  z.object({ data: z.array(z.object({ index: z.number().int().nonnegative(), score: z.number() })) }),
]);

/**
 * OpenAI's API has no reranking endpoint; OpenAI-compatible servers that rerank (vLLM, Albert,
 * LiteLLM, Jina, Cohere-style proxies) expose `POST {baseUrl}/rerank` with `{ model, query,
 * documents }`. Both response shapes in use are read; a document the server leaves out scores -Infinity.
 */
export function createRerankClient(p: ProviderSetting): RerankClient | null {
  if (!p.enabled || !p.baseUrl || !p.model) return null;
  // No retry: a resident is waiting, and the first-stage order is a fine answer already.
  const client = makeClient(p, RERANK_TIMEOUT_MS, 0);
  const model = p.model;
  // Most servers take Cohere's request ({ query, documents }); Albert's API takes { prompt, input }.
  // The first shape a server refuses as invalid (400/422) is not tried again with it.
  let shape: 'cohere' | 'albert' = 'cohere';
  const request = (query: string, documents: string[]) =>
    shape === 'cohere'
      ? { model, query, documents, top_n: documents.length }
      : { model, prompt: query, input: documents };
  return {
    model,
    async rerank(query, documents) {
      if (documents.length === 0) return [];
      let raw: unknown;
      try {
        raw = await client.post('/rerank', { body: request(query, documents) });
      } catch (err) {
        if (shape === 'albert' || !(err instanceof OpenAI.APIError) || (err.status !== 400 && err.status !== 422)) throw err;
        shape = 'albert';
        raw = await client.post('/rerank', { body: request(query, documents) });
      }
      const parsed = rerankResponse.safeParse(raw);
      if (!parsed.success) throw new Error('Reranking provider returned an unexpected response');
      const scores = new Array<number>(documents.length).fill(Number.NEGATIVE_INFINITY);
      const items = 'results' in parsed.data ? parsed.data.results.map((r) => ({ index: r.index, score: r.relevance_score })) : parsed.data.data;
      for (const { index, score } of items) if (index < documents.length) scores[index] = score;
      return scores;
    },
  };
}

const cache = new WeakMap<AppContext, { key: string; clients: ProviderClients }>();

/**
 * The configured OpenAI-compatible clients, or null for a kind that is disabled.
 * Rebuilt only when the `ai.providers` setting changes, so HTTP keep-alive connections are reused.
 */
export async function getProviderClients(ctx: Pick<AppContext, 'settings'>): Promise<ProviderClients> {
  const setting = await ctx.settings.get<AiProvidersSetting>(AI_PROVIDERS_KEY);
  const key = JSON.stringify(setting);
  const hit = cache.get(ctx as AppContext);
  if (hit && hit.key === key) return hit.clients;
  const clients: ProviderClients = {
    embeddings: createEmbeddingsClient(setting.embeddings),
    generation: createGenerationClient(setting.generation),
    reranking: createRerankClient(setting.reranking),
  };
  cache.set(ctx as AppContext, { key, clients });
  return clients;
}
