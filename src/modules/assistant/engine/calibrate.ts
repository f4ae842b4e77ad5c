/**
 * Calibrates the abstention confidence on the demo development set (demo/eval-questions.json):
 * fits the logistic confidence model, measures the precision/coverage trade-off with 5-fold
 * cross-validation (each question scored by a model that did not see it), and recommends the
 * lowest threshold reaching the target precision. Pure, plus a CLI that writes calibration.json:
 *   npx tsx src/modules/assistant/engine/calibrate.ts
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDemoDocuments, loadDemoEvalQuestions, loadDemoVocabulary, type EvalQuestion } from '../demo/documents';
import type { SearchablePassage } from '../knowledge/types';
import {
  calibrateConfidence,
  confidence,
  confidenceFeatures,
  CONFIDENCE_FEATURES,
  DEFAULT_CONFIDENCE_MODEL,
  precisionCoverageCurve,
  type ConfidenceModel,
  type CurvePoint,
} from '../retrieval/confidence';
import { frenchAnalyzer } from '../retrieval/analyzer';
import { uncoveredPhrase } from '../retrieval/coverage';
import { splitIntoPassages } from '../retrieval/splitter';
import { extractiveAnswer } from './answer';
import { detectLanguage } from './language';
import { IndexSnapshot } from './snapshot';

export const TARGET_PRECISION = 0.85;
const FOLDS = 5;
const MIN_USEFUL_COVERAGE = 0.25;

export interface Calibration {
  dataset: { file: string; questions: number; answerable: number; unanswerable: number; documents: number };
  features: string[];
  model: ConfidenceModel;
  targetPrecision: number;
  recommendedThreshold: number;
  /** Cross-validated, at the recommended threshold. */
  atRecommended: { coverage: number; precision: number; answerableAnswered: number; unanswerableAbstained: number; rightDecisions: number };
  /** Cross-validated precision/coverage at each threshold (rounded), for the settings page. */
  curve: CurvePoint[];
}

export interface ScoredQuestion {
  question: string;
  answerable: boolean;
  /** The top document is the expected one (whether the answer states the question's facts is the end-to-end test's measure). */
  correct: boolean;
  features: number[];
  /** The answer would be withheld whatever the confidence: its quotes lack what the question asks for (a time, an amount…), or the question names something the documents hold only half of (`uncoveredPhrase`). */
  withheld?: boolean;
}

/** The demo corpus as searchable passages; validity dates are ignored (calibration is about ranking). */
export function demoSnapshot(): IndexSnapshot {
  const passages: SearchablePassage[] = loadDemoDocuments().flatMap((d) =>
    splitIntoPassages(d.body).map((p, i) => ({
      id: `${d.slug}#${i}`,
      documentId: d.slug,
      versionId: d.slug,
      documentTitle: d.title,
      documentType: d.type,
      sourceUrl: d.sourceUrl,
      language: d.language,
      validFrom: null,
      validUntil: null,
      heading: p.heading,
      text: p.text,
      start: p.start,
      end: p.end,
      terms: null,
    })),
  );
  return new IndexSnapshot(0, passages, loadDemoVocabulary());
}

export function scoreQuestions(snapshot: IndexSnapshot, questions: readonly EvalQuestion[]): ScoredQuestion[] {
  return questions.map((q) => {
    const r = snapshot.search(q.question, { today: '2000-01-01', confidenceModel: DEFAULT_CONFIDENCE_MODEL, foreign: detectLanguage(q.question) === 'en' });
    const top = r.passages[0]?.passage.documentId ?? null;
    // The answer the resident would get if the confidence let it through (no provider).
    const answer = extractiveAnswer(
      {
        question: q.question,
        searchQuery: q.question,
        language: detectLanguage(q.question),
        ranked: r.passages,
        confidence: 1,
        threshold: 0,
        idf: (t) => snapshot.index.idf(t),
        queryTerms: r.lexical.terms,
        versionPassages: (v) => snapshot.versionPassages(v),
        sourceUrls: [],
        generation: null,
      },
      [],
    );
    return {
      question: q.question,
      answerable: q.expectedDocument !== null,
      correct: q.expectedDocument !== null && top === q.expectedDocument,
      features: confidenceFeatures(r.lexical),
      withheld: !answer.typeFound || uncoveredPhrase(q.question, r.lexical.terms, frenchAnalyzer) !== null,
    };
  });
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function calibrate(scored: readonly ScoredQuestion[], targetPrecision = TARGET_PRECISION): Omit<Calibration, 'dataset'> {
  const examples = scored.map((s) => ({ features: s.features, label: (s.correct ? 1 : 0) as 0 | 1 }));
  const model = calibrateConfidence(examples);
  // Deterministic folds: every FOLDS-th question.
  const cv: { confidence: number; correct: boolean; answerable: boolean }[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const train = examples.filter((_, i) => i % FOLDS !== f);
    const m = calibrateConfidence(train);
    scored.forEach((s, i) => {
      // An answer withheld for what its quotes lack is an abstention at every threshold.
      if (i % FOLDS === f) cv.push({ confidence: s.withheld ? -1 : confidence(s.features, m), correct: s.correct, answerable: s.answerable });
    });
  }
  const curve = precisionCoverageCurve(cv).filter((p) => p.threshold >= 0);
  // Among the thresholds reaching the target precision with a useful coverage, the one of the best
  // balanced accuracy: the mean of the share of right answers given and the share of wrong ones
  // withheld (at equal value, the higher coverage). Questions the documents cannot answer are few in
  // a development set: counting right decisions alone would let the lowest threshold answer them all.
  // Without any threshold reaching the target, the best balanced accuracy overall.
  const reaching = curve.filter((p) => p.precision >= targetPrecision && p.coverage >= MIN_USEFUL_COVERAGE);
  const rightDecisions = (t: number) => cv.filter((c) => (c.confidence >= t) === c.correct).length;
  const positives = Math.max(1, cv.filter((c) => c.correct).length);
  const negatives = Math.max(1, cv.filter((c) => !c.correct).length);
  const balanced = (t: number) =>
    (cv.filter((c) => c.correct && c.confidence >= t).length / positives + cv.filter((c) => !c.correct && c.confidence < t).length / negatives) / 2;
  const mostRight = (a: CurvePoint, b: CurvePoint): CurvePoint => {
    const ra = balanced(a.threshold);
    const rb = balanced(b.threshold);
    return rb > ra || (rb === ra && b.coverage > a.coverage) ? b : a;
  };
  const best = reaching.length ? reaching.reduce(mostRight) : curve.reduce(mostRight, curve[0] ?? { threshold: 0.5, coverage: 0, precision: 1 });
  const threshold = best.threshold;
  const answered = cv.filter((c) => c.confidence >= threshold);
  const answerable = cv.filter((c) => c.answerable);
  const unanswerable = cv.filter((c) => !c.answerable);
  return {
    features: [...CONFIDENCE_FEATURES],
    model: { weights: model.weights.map((w) => round(w)), bias: round(model.bias) },
    targetPrecision,
    recommendedThreshold: round(threshold),
    atRecommended: {
      coverage: round(answered.length / Math.max(1, cv.length)),
      precision: round(answered.length ? answered.filter((c) => c.correct).length / answered.length : 1),
      answerableAnswered: round(answerable.filter((c) => c.confidence >= threshold).length / Math.max(1, answerable.length)),
      unanswerableAbstained: round(unanswerable.filter((c) => c.confidence < threshold).length / Math.max(1, unanswerable.length)),
      rightDecisions: round(rightDecisions(threshold) / Math.max(1, cv.length)),
    },
    curve: curve.map((p) => ({ threshold: round(p.threshold), coverage: round(p.coverage), precision: round(p.precision) })),
  };
}

export function calibrateOnDemo(): Calibration {
  const questions = loadDemoEvalQuestions();
  const snapshot = demoSnapshot();
  const scored = scoreQuestions(snapshot, questions);
  return {
    dataset: {
      file: 'src/modules/assistant/demo/eval-questions.json',
      questions: questions.length,
      answerable: questions.filter((q) => q.expectedDocument !== null).length,
      unanswerable: questions.filter((q) => q.expectedDocument === null).length,
      documents: snapshot.documents.size,
    },
    ...calibrate(scored),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const result = calibrateOnDemo();
  const out = fileURLToPath(new URL('./calibration.json', import.meta.url));
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `threshold ${result.recommendedThreshold}: coverage ${result.atRecommended.coverage}, precision ${result.atRecommended.precision} ` +
      `(answerable answered ${result.atRecommended.answerableAnswered}, unanswerable abstained ${result.atRecommended.unanswerableAbstained}) → ${out}`,
  );
}
