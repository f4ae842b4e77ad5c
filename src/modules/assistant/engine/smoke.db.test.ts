import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { ask, createAssistantTestApp, startConversation } from './test-helpers';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createAssistantTestApp();
}, 120_000);
afterAll(() => b?.close());

it('answers', async () => {
  const id = await startConversation(b);
  for (const q of ['Quels sont les horaires de la déchèterie ?', 'et le dimanche ?', 'Quel temps fera-t-il demain ?', 'comment avoir une place en crèche']) {
    const m = await ask(b, id, q);
    console.log(q, JSON.stringify(m, null, 1).slice(0, 1500));
  }
});
