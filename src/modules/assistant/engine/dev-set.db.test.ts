/**
 * End to end on the demo development set (demo/eval-questions.json): every question through the
 * engine as a resident asks it, on the seeded demo knowledge base, no provider. Calibration
 * (calibrate.ts) judges retrieval alone; this judges what the resident gets: an answer whose
 * first citation is the expected document, or a plain "I don't know" for a question the
 * documents cannot answer. The floors pin today's figures so that a change that loses answers
 * fails here; the figures are printed for the notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { loadDemoDocuments, loadDemoEvalQuestions } from '../demo/documents';
import { ask, createAssistantTestApp, startConversation } from './test-helpers';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createAssistantTestApp();
});
afterAll(async () => {
  await b.close();
});

describe('the demo development set, end to end', () => {
  it('answers the answerable questions from the expected document and refuses the others', async () => {
    const slugByTitle = new Map(loadDemoDocuments().map((d) => [d.title, d.slug]));
    const questions = loadDemoEvalQuestions();
    let answerable = 0;
    let answeredRight = 0;
    let answeredWrong = 0;
    let unanswerable = 0;
    let refused = 0;
    const english = { asked: 0, answeredRight: 0 };
    for (const q of questions) {
      const m = (await ask(b, await startConversation(b), q.question)) as { decision: string; citations: { title: string }[] };
      const cited = m.citations[0] ? slugByTitle.get(m.citations[0].title) : undefined;
      const isEnglish = /^(how|what|when|where|who|which|can|do|is|are|i )/i.test(q.question);
      if (q.expectedDocument === null) {
        unanswerable++;
        if (m.decision === 'abstained') refused++;
        continue;
      }
      answerable++;
      if (isEnglish) english.asked++;
      if (m.decision === 'answered' && cited === q.expectedDocument) {
        answeredRight++;
        if (isEnglish) english.answeredRight++;
      } else if (m.decision === 'answered') answeredWrong++;
    }
    const answeredPrecision = answeredRight / Math.max(1, answeredRight + answeredWrong + (unanswerable - refused));
    console.log(
      `dev set: ${answeredRight}/${answerable} answerable answered from the expected document, ${answeredWrong} answered from another, ` +
        `${refused}/${unanswerable} unanswerable refused, precision of answers ${answeredPrecision.toFixed(2)}; English ${english.answeredRight}/${english.asked}`,
    );
    expect(answeredRight / answerable).toBeGreaterThanOrEqual(0.7);
    expect(refused / unanswerable).toBeGreaterThanOrEqual(0.7);
    expect(answeredPrecision).toBeGreaterThanOrEqual(0.8);
  });
});
