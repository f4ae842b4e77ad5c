/**
 * Residents write as they speak: "horaires de la mairie merci", "bonjour, … svp". Words of
 * courtesy must not make the engine refuse a question it answers without them (the refusal of
 * half-covered phrases, `uncoveredPhrase`, once took "mairie merci" for a thing the documents lack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { ask, createAssistantTestApp, startConversation } from './test-helpers';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createAssistantTestApp();
});
afterAll(async () => {
  await b.close();
});

describe('questions with words of courtesy', () => {
  it.each(['Quels sont les horaires de la mairie merci', 'bonjour, horaires de la mairie svp', 'horaires mairie stp', 'Bonjour madame, quels sont les horaires de la mairie ? Cordialement', 'What are the town hall opening hours please?'])(
    'answers "%s" with the hours of the town hall',
    async (question) => {
      const m = (await ask(b, await startConversation(b), question)) as { decision: string; text: string };
      expect(m.decision).toBe('answered');
      expect(m.text).toContain('8 h 30');
    },
  );
});
