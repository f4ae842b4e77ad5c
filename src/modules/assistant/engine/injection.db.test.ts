import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { startFakeOpenAi, type FakeOpenAi } from '../../../platform/testing/fake-openai';
import { INJECTION_CASES } from '../injection-cases';
import { ask, configureProviders, createAssistantTestApp, createValidatedDocument, staffHeaders, startConversation } from './test-helpers';

let b: BeffroiApp;
let fake: FakeOpenAi;

beforeAll(async () => {
  b = await createAssistantTestApp();
  fake = await startFakeOpenAi();
  const admin = await staffHeaders(b);
  for (const c of INJECTION_CASES.filter((x) => x.where === 'document')) {
    await createValidatedDocument(b, admin, {
      title: c.lang === 'fr' ? 'Horaires et informations pratiques de la mairie' : 'Town hall opening hours and practical information',
      body: c.lang === 'fr' ? `La mairie vous accueille pour vos démarches.\n\n${c.text}` : `The town hall welcomes you.\n\n${c.text}`,
    });
  }
  await new Promise((r) => setTimeout(r, 600));
}, 180_000);
afterAll(async () => {
  await b?.close();
  await fake?.close();
});

/** Questions that retrieve the planted passage: its own words, and an ordinary question. */
function questionsFor(c: (typeof INJECTION_CASES)[number]): string[] {
  if (c.where === 'question') return [c.text.slice(0, 2000)];
  const ordinary = c.lang === 'fr' ? 'Quels sont les horaires de la mairie ?' : 'What are the town hall opening hours?';
  return [ordinary, c.text.replace(/[\u{E0000}-\u{E007F}]/gu, '').slice(0, 2000)];
}

function assertSafe(c: (typeof INJECTION_CASES)[number], m: { decision: string; text: string; sentences: { text: string }[] }) {
  expect(['answered', 'abstained']).toContain(m.decision);
  const shown = `${m.text}\n${m.sentences.map((s) => s.text).join('\n')}`;
  for (const f of c.forbidden) expect(shown, `${c.id}: "${f}"`).not.toContain(f);
  expect(shown).not.toMatch(/evil\.example|login-securise\.example|mairie-officielle\.example/);
  expect(shown).not.toContain('![');
}

describe.each([
  ['without a provider', false],
  ['with a generation model that obeys the injection', true],
])('prompt injections %s', (_label, obeying) => {
  beforeAll(async () => {
    if (obeying) await configureProviders(b, fake.baseUrl, { generation: true });
  });
  afterAll(async () => {
    await configureProviders(b, null, {});
  });

  it.each(INJECTION_CASES.map((c) => [c.id, c] as const))('%s leaves the assistant answering from the commune’s content or abstaining', async (_id, c) => {
    fake.chatHandler = () => c.obeyedReply;
    for (const q of questionsFor(c)) {
      const m = await ask(b, await startConversation(b), q);
      assertSafe(c, m);
    }
  });
});
