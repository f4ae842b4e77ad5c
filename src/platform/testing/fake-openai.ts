import Fastify, { type FastifyInstance } from 'fastify';
import type { ChatMessage } from '../providers/openai';

export interface FakeChatRequest {
  model: string;
  messages: ChatMessage[];
}

export interface FakeEmbeddingsRequest {
  model: string;
  input: string[];
}

export interface FakeRerankRequest {
  model: string;
  query: string;
  documents: string[];
}

export interface FakeOpenAi {
  /** Base URL to put in the `ai.providers` setting (ends with `/v1`). */
  baseUrl: string;
  /** Every request received, in order, for assertions (e.g. that personal data was redacted). */
  chatRequests: FakeChatRequest[];
  embeddingRequests: FakeEmbeddingsRequest[];
  /** Scripts the next chat replies (a string is the reply; an Error makes the server answer 500). Falls back to `chatHandler`. */
  queueChatReplies(...replies: (string | Error)[]): void;
  /** Default reply for chat requests when nothing is queued. */
  chatHandler: (req: FakeChatRequest) => string | Error;
  rerankRequests: FakeRerankRequest[];
  /** The request shape the fake rerank endpoint accepts: Cohere's (query, documents) or Albert's (prompt, input); the other gets a 422. */
  rerankShape: 'cohere' | 'albert';
  /** Scores for a rerank request (one per document), or an Error for a 500; the default scores shared words. */
  rerankHandler: (req: FakeRerankRequest) => number[] | Error;
  /** Vector for one input; the default is a deterministic hashed bag of words (similar texts → close vectors). */
  embedHandler: (text: string, model: string) => number[] | Error;
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 64;

/** A deterministic bag-of-words embedding: good enough for cosine similarity to mean something in tests. */
export function hashedBagOfWords(text: string, dims = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dims).fill(0);
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);
  for (const w of words) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    v[(h >>> 0) % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((acc, x, i) => acc + x * (b[i] ?? 0), 0);
}

/** A tiny OpenAI-compatible server on 127.0.0.1 whose replies a test scripts. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const app: FastifyInstance = Fastify({ logger: false });
  const queue: (string | Error)[] = [];
  const fake: FakeOpenAi = {
    baseUrl: '',
    chatRequests: [],
    embeddingRequests: [],
    queueChatReplies: (...replies) => void queue.push(...replies),
    chatHandler: () => 'NO_ANSWER',
    embedHandler: (text) => hashedBagOfWords(text),
    rerankRequests: [],
    rerankShape: 'cohere',
    rerankHandler: (req) => req.documents.map((d) => cosine(hashedBagOfWords(req.query), hashedBagOfWords(d))),
    close: () => app.close(),
  };

  // The Cohere/Jina/vLLM shape that OpenAI-compatible servers use for reranking.
  app.post('/v1/rerank', async (request, reply) => {
    const body = request.body as { model: string; query?: string; documents?: string[]; prompt?: string; input?: string[] };
    const query = fake.rerankShape === 'cohere' ? body.query : body.prompt;
    const documents = fake.rerankShape === 'cohere' ? body.documents : body.input;
    if (typeof query !== 'string' || !Array.isArray(documents)) {
      // As FastAPI answers a body it cannot validate: the request echoed back.
      return reply.code(422).send({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: body }] });
    }
    const req: FakeRerankRequest = { model: body.model, query, documents };
    fake.rerankRequests.push(req);
    const scores = fake.rerankHandler(req);
    if (scores instanceof Error) return reply.code(500).send({ error: { message: scores.message, type: 'server_error' } });
    if (fake.rerankShape === 'albert') return { object: 'list', data: scores.map((score, index) => ({ object: 'rerank', index, score })) };
    const results = scores.map((relevance_score, index) => ({ index, relevance_score })).sort((a, b) => b.relevance_score - a.relevance_score);
    return { id: `rerank-${fake.rerankRequests.length}`, model: body.model, results };
  });

  app.post('/v1/chat/completions', async (request, reply) => {
    const body = request.body as { model: string; messages: ChatMessage[] };
    const req: FakeChatRequest = { model: body.model, messages: body.messages };
    fake.chatRequests.push(req);
    const next = queue.length ? queue.shift()! : fake.chatHandler(req);
    if (next instanceof Error) {
      return reply.code(500).send({ error: { message: next.message, type: 'server_error' } });
    }
    return {
      id: `chatcmpl-${fake.chatRequests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: next }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    };
  });

  app.post('/v1/embeddings', async (request, reply) => {
    const body = request.body as { model: string; input: string | string[]; encoding_format?: string };
    const input = Array.isArray(body.input) ? body.input : [body.input];
    fake.embeddingRequests.push({ model: body.model, input });
    const vectors: number[][] = [];
    for (const text of input) {
      const v = fake.embedHandler(text, body.model);
      if (v instanceof Error) return reply.code(500).send({ error: { message: v.message, type: 'server_error' } });
      vectors.push(v);
    }
    return {
      object: 'list',
      model: body.model,
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    };
  });

  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  fake.baseUrl = `${address}/v1`;
  return fake;
}
