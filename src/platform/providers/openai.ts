import OpenAI from 'openai';
import type { AppContext } from '../modules';
import { AI_PROVIDERS_KEY, type AiProvidersSetting } from '../settings/core';

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

export interface ProviderClients {
  embeddings: EmbeddingsClient | null;
  generation: GenerationClient | null;
}

type ProviderSetting = AiProvidersSetting['generation'];

/** A resident is waiting: a slow provider must give way to the extractive answer quickly. */
const GENERATION_TIMEOUT_MS = 20_000;
const EMBEDDINGS_TIMEOUT_MS = 10_000;
/** One retry at most, so an outage does not multiply the load on the provider (no retry storms). */
const MAX_RETRIES = 1;
/** Providers cap the inputs per embeddings request; batches keep ingestion of long documents within it. */
const EMBEDDINGS_BATCH = 64;

function makeClient(p: ProviderSetting, timeout: number): OpenAI {
  return new OpenAI({
    baseURL: p.baseUrl!,
    // Self-hosted OpenAI-compatible servers often need no key; the SDK refuses an empty one.
    apiKey: p.apiKey || 'unused',
    timeout,
    maxRetries: MAX_RETRIES,
  });
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
      return content;
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
  };
  cache.set(ctx as AppContext, { key, clients });
  return clients;
}
