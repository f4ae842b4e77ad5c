import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { auditEvents } from '../../../platform/audit/schema';
import { startFakeOpenAi, type FakeOpenAi } from '../../../platform/testing/fake-openai';
import { assistantConversations, assistantMessages, assistantQuestionLog } from '../conversations/schema';
import { sha256 } from './service';
import { assistantServices } from './services';
import {
  ask,
  configureProviders,
  createAssistantTestApp,
  createValidatedDocument,
  isoDay,
  staffHeaders,
  startConversation,
} from './test-helpers';

let b: BeffroiApp;
let admin: Record<string, string>;
let fake: FakeOpenAi;

const DECHETERIE_QUESTION = 'Quels sont les horaires de la déchèterie ?';
/** The engine itself: its view holds the fields the HTTP schemas do not list yet (blocks, sources…). */
const engine = () => assistantServices(b.ctx).engine;
const SYSTEM = { type: 'system', id: null } as const;

async function counts() {
  const [m, q, c] = await Promise.all([
    b.ctx.db.$count(assistantMessages),
    b.ctx.db.$count(assistantQuestionLog),
    b.ctx.db.$count(assistantConversations),
  ]);
  return { m, q, c };
}

beforeAll(async () => {
  b = await createAssistantTestApp();
  admin = await staffHeaders(b);
  fake = await startFakeOpenAi();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await fake?.close();
});

describe('answers without any provider', () => {
  it('answers from the demo documents with citations of verbatim spans', async () => {
    const id = await startConversation(b);
    const m = await ask(b, id, DECHETERIE_QUESTION);
    expect(m.decision).toBe('answered');
    expect(m.citations.length).toBeGreaterThan(0);
    expect(m.citations[0].title).toMatch(/Déchèterie/);
    expect(m.sentences.length).toBe(m.citations.length);
    // Words of a span, without Markdown's list markers, table pipes and emphasis.
    const words = (t: string) => t.replace(/[|*_]/g, ' ').split(/\s+/).filter(Boolean);
    for (const [i, c] of m.citations.entries()) {
      expect(c.n).toBe(i + 1);
      expect(m.sentences[i].citations).toEqual([c.n]);
      const doc = await b.app.inject({ method: 'GET', url: `/api/assistant/documents/${c.documentId}?version=${c.versionId}` });
      expect(doc.statusCode).toBe(200);
      // The citation opens the document at the quoted span; the sentence reads it with its context.
      expect(words(m.sentences[i].text)).toEqual(expect.arrayContaining(words(doc.json().body.slice(c.start, c.end))));
    }
    expect(m.text).toContain('[1]');
  });

  it('answers opening hours with the line that gives them, under the place it belongs to, as a list block', async () => {
    const m = await engine().ask({ conversationId: await startConversation(b), text: 'Quels sont les horaires de la mairie ?', actor: SYSTEM });
    expect(m.decision).toBe('answered');
    expect(m.answerType).toBe('hours');
    expect(m.sentences[0]?.text).toBe('Hôtel de ville — Du lundi au vendredi : de 8 h 30 à 17 h 30.');
    expect(m.blocks[0]).toMatchObject({ kind: 'list', label: 'Hôtel de ville' });
    expect((m.blocks[0] as { items: { text: string }[] }).items[0]?.text).toBe('Du lundi au vendredi : de 8 h 30 à 17 h 30.');
    expect(m.text).toMatch(/^Hôtel de ville :\n- Du lundi au vendredi : de 8 h 30 à 17 h 30\. \[1\]/);
    // One document cited by several items is one source with its spans.
    expect(m.sources).toHaveLength(1);
    expect(m.sources[0]?.citations).toEqual(m.citations.map((c) => c.n));
    expect(m.sources[0]?.spans.map((s) => [s.start, s.end])).toEqual(m.citations.map((c) => [c.start, c.end]));
  });

  it('does not answer with confidence a question whose expected answer appears nowhere in the quotes', async () => {
    const m = await engine().ask({ conversationId: await startConversation(b), text: 'Qui est le maire ?', actor: SYSTEM });
    expect(m.decision).toBe('abstained');
    expect(m.abstentionReason).toBe('type_missing');
    expect(m.confidence).toBeLessThan(0.5);
    // The abstention promises the closest documents: it lists them.
    expect(m.text).toMatch(/Voici les documents les plus proches/);
    expect(m.suggestions.length).toBeGreaterThan(0);
  });

  it('answers English questions from the French documents and says the quotes are in French', async () => {
    const m = await engine().ask({ conversationId: await startConversation(b), text: 'When is the bin collection?', actor: SYSTEM });
    expect(m.language).toBe('en');
    expect(m.decision).toBe('answered');
    expect(m.citations[0]?.title).toMatch(/collecte/i);
    expect(m.sourcesLanguage).toBe('fr');
    expect(m.quotedInAnotherLanguage).toBe(true);
  });

  it('abstains plainly on an out-of-scope question, offering documents and a hand-off', async () => {
    const id = await startConversation(b);
    const m = await ask(b, id, 'Quel est le résultat du match de foot d hier soir ?');
    expect(m.decision).toBe('abstained');
    expect(m.text).toMatch(/ne sais pas/);
    expect(m.citations).toEqual([]);
    expect(m.handoffAvailable).toBe(true);
  });

  it('a follow-up inherits the topic of the previous question', async () => {
    const id = await startConversation(b);
    await ask(b, id, DECHETERIE_QUESTION);
    const follow = await ask(b, id, 'et le dimanche ?');
    expect(follow.decision).toBe('answered');
    expect(follow.citations[0].title).toMatch(/Déchèterie/);
    const [row] = await b.ctx.db.select().from(assistantMessages).where(eq(assistantMessages.id, follow.id));
    expect((row!.trace as { followUp: boolean }).followUp).toBe(true);

    // The same words alone, without the conversation, are not about the déchèterie.
    const alone = await ask(b, await startConversation(b), 'et le dimanche ?');
    expect(alone.citations[0]?.title ?? '').not.toMatch(/Déchèterie/);
  });

  it('detects English and answers from the documents as they are', async () => {
    const id = await startConversation(b);
    const m = await ask(b, id, 'What is the weather like on the moon?');
    expect(m.language).toBe('en');
    expect(m.decision).toBe('abstained');
    expect(m.text).toMatch(/don't know/);
  });

  it('stops citing a document the day after it expires', async () => {
    const title = 'Fête de la citrouille géante';
    const body = 'La fête de la citrouille géante a lieu au parc Zorglub, avec un concours de la plus grosse citrouille géante.';
    const docId = await createValidatedDocument(b, admin, { title, body, validFrom: isoDay(-30), validUntil: isoDay(-1) });
    const question = 'Où a lieu la fête de la citrouille géante ?';
    const expired = await ask(b, await startConversation(b), question);
    expect(expired.citations.map((c: { documentId: string }) => c.documentId)).not.toContain(docId);
    expect(expired.suggestions.map((s: { documentId: string }) => s.documentId)).not.toContain(docId);

    const patch = await b.app.inject({ method: 'PATCH', url: `/api/admin/assistant/documents/${docId}`, headers: admin, payload: { validUntil: isoDay(0) } });
    expect(patch.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 600)); // the index version is checked at most every 500 ms
    const valid = await ask(b, await startConversation(b), question);
    expect(valid.decision).toBe('answered');
    expect(valid.citations[0].documentId).toBe(docId);
  });

  it('writes one audit event per answer with the digest, passages, configuration version and decision', async () => {
    const id = await startConversation(b);
    const m = await ask(b, id, DECHETERIE_QUESTION);
    const [event] = await b.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'assistant.answer'), eq(auditEvents.subjectId, String(m.id))));
    const after = event!.after as { questionDigest: string; passageIds: string[]; configVersion: string; decision: string };
    expect(after.questionDigest).toBe(sha256(DECHETERIE_QUESTION));
    expect(after.passageIds).toEqual([...new Set(m.citations.map((c: { passageId: string }) => c.passageId))]);
    expect(after.configVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(after.decision).toBe('answered');
    expect(JSON.stringify(event)).not.toContain('déchèterie ?');
  });

  it('rejects bad input with 400 and stores nothing', async () => {
    const id = await startConversation(b);
    const before = await counts();
    const post = (payload: unknown) => b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/messages`, payload: payload as object });
    const empty = await post({ text: '   ' });
    expect(empty.statusCode).toBe(400);
    const long = await post({ text: 'a'.repeat(10_000) });
    expect(long.statusCode).toBe(400);
    // The question's bound in characters, in whichever language the problem is written.
    expect(long.json().errors[0].message).toMatch(/2[\s\u202f]?000/);
    expect((await post({ text: 'horaires', admin: true })).statusCode).toBe(400);
    expect((await post({ text: 'horaires', language: 'de' })).statusCode).toBe(400);
    expect((await post({})).statusCode).toBe(400);
    const unknown = await b.app.inject({
      method: 'POST',
      url: '/api/assistant/conversations/00000000-0000-4000-8000-000000000000/messages',
      payload: { text: 'horaires' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('personal data and providers', () => {
  it('redacts personal data before storage and before any provider sees it', async () => {
    await configureProviders(b, fake.baseUrl, { generation: true, embeddings: true });
    fake.chatRequests.length = 0;
    fake.embeddingRequests.length = 0;
    try {
      const id = await startConversation(b);
      const m = await ask(b, id, 'Je suis jean.dupont@example.org, tél 06 12 34 56 78 : quels sont les horaires de la déchèterie ?');
      const secrets = ['jean.dupont@example.org', '06 12 34 56 78'];
      const rows = await b.ctx.db.select().from(assistantMessages).where(eq(assistantMessages.conversationId, id));
      const logs = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, m.id));
      const transcript = await b.app.inject({ method: 'GET', url: `/api/assistant/conversations/${id}` });
      const seen = JSON.stringify({ rows, logs, transcript: transcript.json(), chat: fake.chatRequests, emb: fake.embeddingRequests });
      for (const s of secrets) expect(seen).not.toContain(s);
      expect(rows.find((r) => r.role === 'user')!.text).toContain('[courriel]');
      expect(logs[0]!.questionRedacted).toContain('[téléphone]');
      expect(logs[0]!.retrieval).toBe('hybrid');
      expect(fake.embeddingRequests.some((r) => r.input.some((t) => t.includes('déchèterie')))).toBe(true);
      expect(m.decision).toBe('answered');
      expect(fake.chatRequests.length).toBe(1);
      expect(fake.chatRequests[0]!.messages[1]!.content).toContain('[courriel]');
    } finally {
      await configureProviders(b, null, {});
    }
  });

  it('shows a generated answer that passes the check, and falls back (counted) when it does not', async () => {
    await configureProviders(b, fake.baseUrl, { generation: true });
    try {
      // A faithful model: quotes the first sentence of passage 1 and cites it.
      fake.chatHandler = (req) => {
        const user = req.messages.find((m) => m.role === 'user')!.content;
        const passage = /<passage id="1"[^>]*>\n([\s\S]*?)\n<\/passage>/.exec(user)![1]!;
        const sentence = passage.split(/(?<=[.!?])\s+/)[0]!.replace(/&amp;/g, '&');
        return `${sentence} [1]`;
      };
      const good = await ask(b, await startConversation(b), DECHETERIE_QUESTION);
      expect(good.decision).toBe('answered');
      const [goodRow] = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, good.id));
      expect(goodRow!.generation).toBe('accepted');
      expect(good.sentences[0].citations).toEqual([1]);

      // An invented phone number: rejected, the extractive answer is shown, the failure is counted.
      fake.chatHandler = () => 'La déchèterie répond au 01 23 45 67 89 [1].';
      const bad = await ask(b, await startConversation(b), DECHETERIE_QUESTION);
      expect(bad.decision).toBe('answered');
      expect(bad.text).not.toContain('01 23 45 67 89');
      const [badRow] = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, bad.id));
      expect(badRow!.generation).toBe('rejected');

      // An uncited sentence, then a provider error: the same.
      fake.chatHandler = () => 'La déchèterie est ouverte tous les jours sans exception.';
      const uncited = await ask(b, await startConversation(b), DECHETERIE_QUESTION);
      expect(uncited.text).not.toContain('sans exception');
      fake.chatHandler = () => new Error('overloaded');
      const failed = await ask(b, await startConversation(b), DECHETERIE_QUESTION);
      expect(failed.decision).toBe('answered');
      const [failedRow] = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, failed.id));
      expect(failedRow!.generation).toBe('error');

      const analytics = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/analytics', headers: admin });
      expect(analytics.statusCode).toBe(200);
      expect(analytics.json().totals.generationFallbacks).toBeGreaterThanOrEqual(3);
    } finally {
      fake.chatHandler = () => 'NO_ANSWER';
      await configureProviders(b, null, {});
    }
  });

  it('falls back to lexical retrieval when the embeddings provider fails, and counts it', async () => {
    await configureProviders(b, fake.baseUrl, { embeddings: true });
    const original = fake.embedHandler;
    fake.embedHandler = () => new Error('down');
    try {
      const m = await ask(b, await startConversation(b), DECHETERIE_QUESTION);
      expect(m.decision).toBe('answered');
      const [row] = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, m.id));
      expect(row!.retrieval).toBe('lexical_fallback');
    } finally {
      fake.embedHandler = original;
      await configureProviders(b, null, {});
    }
  });

  it('lets a reranking model reorder the passages, and keeps the first-stage order when it fails', async () => {
    const question = 'Comment inscrire mon enfant à la cantine ?';
    const baseline = await ask(b, await startConversation(b), question);
    const trace = async (id: number) => {
      const [row] = await b.ctx.db.select().from(assistantMessages).where(eq(assistantMessages.id, id));
      return row!.trace as { rerank?: string; passages: { id: string }[] };
    };
    expect((await trace(baseline.id)).rerank).toBe('off');
    await configureProviders(b, fake.baseUrl, { reranking: true });
    const original = fake.rerankHandler;
    try {
      // The model prefers the first-stage runner-up: it must come first, and be the first citation.
      const firstStage = (await trace(baseline.id)).passages.map((p) => p.id);
      fake.rerankHandler = (req) => req.documents.map((_, i) => (i === 1 ? 10 : 1 / (i + 1)));
      const reranked = await ask(b, await startConversation(b), question);
      const rerankedTrace = await trace(reranked.id);
      expect(rerankedTrace.rerank).toBe('applied');
      expect(rerankedTrace.passages.map((p) => p.id).slice(0, 2)).toEqual([firstStage[1], firstStage[0]]);
      const request = fake.rerankRequests.at(-1)!;
      expect(request).toMatchObject({ model: 'fake-rerank', query: expect.stringContaining('cantine') });
      expect(request.documents.length).toBeGreaterThan(1);
      expect(request.documents.length).toBeLessThanOrEqual(20);
      // The decision to answer stays the first stage's (calibrated): same confidence as without the model.
      expect(reranked.decision).toBe(baseline.decision);
      expect(reranked.confidence).toBeCloseTo(baseline.confidence, 5);

      fake.rerankHandler = () => new Error('down');
      const fallback = await ask(b, await startConversation(b), question);
      expect(fallback.decision).toBe(baseline.decision);
      const fallbackTrace = await trace(fallback.id);
      expect(fallbackTrace.rerank).toBe('failed');
      expect(fallbackTrace.passages.map((p) => p.id)).toEqual(firstStage);

      const entries = (await b.app.inject({ method: 'GET', url: '/api/register' })).json().entries as { id: string; provider: { model: string | null } }[];
      expect(entries.find((e) => e.id === 'assistant.reranking')).toMatchObject({ provider: { model: 'fake-rerank' } });
    } finally {
      fake.rerankHandler = original;
      await configureProviders(b, null, {});
    }
    const entries = (await b.app.inject({ method: 'GET', url: '/api/register' })).json().entries as { id: string }[];
    expect(entries.find((e) => e.id === 'assistant.reranking')).toBeUndefined();
  });

  it('describes retrieval and answers in the register, with the configured model', async () => {
    const entries = async () => (await b.app.inject({ method: 'GET', url: '/api/register' })).json().entries as { id: string; provider: { model: string | null }; riskCategory: string }[];
    const off = await entries();
    expect(off.find((e) => e.id === 'assistant.retrieval')).toBeDefined();
    expect(off.find((e) => e.id === 'assistant.answers')!.provider.model).toBeNull();
    await configureProviders(b, fake.baseUrl, { generation: true });
    try {
      const on = await entries();
      expect(on.find((e) => e.id === 'assistant.answers')).toMatchObject({ provider: { model: 'fake-chat' }, riskCategory: 'limited' });
    } finally {
      await configureProviders(b, null, {});
    }
  });
});
