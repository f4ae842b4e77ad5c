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
import { splitIntoPassages } from '../retrieval/splitter';
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
  /** The top document is the expected one. */
  correct: boolean;
  features: number[];
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
    const r = snapshot.search(q.question, { today: '2000-01-01', confidenceModel: DEFAULT_CONFIDENCE_MODEL });
    const top = r.passages[0]?.passage.documentId ?? null;
    return {
      question: q.question,
      answerable: q.expectedDocument !== null,
      correct: q.expectedDocument !== null && top === q.expectedDocument,
      features: confidenceFeatures(r.lexical),
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
      if (i % FOLDS === f) cv.push({ confidence: confidence(s.features, m), correct: s.correct, answerable: s.answerable });
    });
  }
  const curve = precisionCoverageCurve(cv);
  // The target precision when it is reached with a useful coverage; otherwise the threshold that
  // takes the most right decisions (answering when the answer is right, abstaining when not).
  const reaching = curve.filter((p) => p.precision >= targetPrecision && p.coverage >= MIN_USEFUL_COVERAGE);
  const rightDecisions = (t: number) => cv.filter((c) => (c.confidence >= t) === c.correct).length;
  const best = reaching.length
    ? reaching.reduce((a, b) => (b.coverage > a.coverage ? b : a))
    : curve.reduce((a, b) => (rightDecisions(b.threshold) > rightDecisions(a.threshold) ? b : a), curve[0] ?? { threshold: 0.5, coverage: 0, precision: 1 });
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
