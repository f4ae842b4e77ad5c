/**
 * A council act's plain-language summary, from its text as extracted.
 *
 * Offline (the default), the summary is extractive: the act's own sentences that carry its decision,
 * each located in the act by its offsets. With a generation provider, a plain-French rewrite of
 * those sentences is shown when every figure and name in it is found in the act; otherwise the
 * extractive summary is. Either way the result carries the act's decisive figures (and whether the
 * summary keeps them), the figures the summary shows (each checked against the act), the
 * readability of the summary and of the act, and the notice a reader sees with it.
 *
 * Pure but for the provider call.
 */
import type { GenerationClient } from '../../../platform/providers/openai.js';
import { readability, type Readability } from '../readability/readability.js';
import { actSentences, prepareActText, toSource, type PreparedAct } from './act-text.js';
import {
  DEFAULT_BUDGET,
  DEFAULT_SELECTION,
  extractiveSummary,
  keptDecisiveFigures,
  sentenceFeatures,
  type ExtractiveSummary,
  type SelectionParameters,
  type SentenceFeatures,
  type SummaryBudget,
  type SummarySentence,
} from './extractive.js';
import { checkFigures, indexActFigures, type ActFigureIndex, type FigureCheckResult, type FigureFailure } from './figure-check.js';
import { extractFigures, type Figure } from './figures.js';
import { rewriteSummary } from './rewrite.js';
import { decisiveFigures, structureOf, withVoteCounts, type ActStructure, type DecisiveFigure } from './structure.js';

/** Shown with every summary: it is automatic, and the act is what counts. */
export const SUMMARY_NOTICE =
  "Résumé automatique, établi par un programme à partir du texte de l'acte : seul l'acte fait foi. Chaque chiffre du résumé a été vérifié dans l'acte.";

export interface AnalysedAct {
  prepared: PreparedAct;
  structure: ActStructure;
  /** Figures of the prepared text (offsets there). */
  figures: Figure[];
  decisive: DecisiveFigure[];
  features: SentenceFeatures[];
  index: ActFigureIndex;
  readability: Readability | null;
}

export interface SummaryFigure {
  kind: Figure['kind'];
  raw: string;
  values?: number[];
  /** Offsets in the act as extracted. */
  sourceStart: number;
  sourceEnd: number;
  kept: boolean;
}

export interface ActSummary {
  method: 'extractive' | 'rewritten';
  /** The summary a reader sees. */
  text: string;
  /** The act's sentences quoted (extractive) or rewritten (rewritten), each with its offsets in the act. */
  sentences: SummarySentence[];
  /** Why a rewrite was not shown. */
  fallback?: { reason: 'provider_error' | 'empty' | 'too_long' | 'check_failed'; detail: string; failures?: FigureFailure[] };
  /** The provider's model, when one was asked. */
  model?: string;
  /** The act's decisive figures and whether the summary keeps each. */
  decisiveFigures: SummaryFigure[];
  /** The figure check of the summary shown (every figure it shows, found or not). */
  check: FigureCheckResult;
  readability: { summary: Readability | null; act: Readability | null };
  /** Characters of the summary over characters of the act's prepared text. */
  compression: number;
  notice: string;
}

/** Prepares an act once: its text, structure, figures and index (reused by every summary of it). */
export function analyseAct(source: string): AnalysedAct {
  const prepared = prepareActText(source);
  const figures = extractFigures(prepared.text);
  const structure = withVoteCounts(structureOf(actSentences(prepared)), figures);
  const decisive = decisiveFigures(structure, figures);
  const body = structure.sentences.filter((s) => s.role !== 'header' && s.role !== 'closing').map((s) => s.text).join('\n');
  return {
    prepared,
    structure,
    figures,
    decisive,
    features: sentenceFeatures(structure, decisive),
    index: indexActFigures(prepared.text),
    readability: readability(body),
  };
}

function summaryOf(
  act: AnalysedAct,
  method: ActSummary['method'],
  text: string,
  sentences: SummarySentence[],
  extra: Pick<ActSummary, 'fallback' | 'model'> = {},
): ActSummary {
  const check = checkFigures(text, act.index);
  const kept = new Set(keptDecisiveFigures(act.decisive, check.figures));
  return {
    method,
    text,
    sentences,
    ...extra,
    decisiveFigures: act.decisive.map((d) => {
      const at = toSource(act.prepared, d.figure.start, d.figure.end);
      return {
        kind: d.figure.kind,
        raw: d.figure.raw,
        ...(d.figure.values ? { values: d.figure.values } : {}),
        sourceStart: at.start,
        sourceEnd: at.end,
        kept: kept.has(d),
      };
    }),
    check,
    readability: { summary: readability(text), act: act.readability },
    compression: act.prepared.text.length ? Math.round((text.length / act.prepared.text.length) * 1000) / 1000 : 0,
    notice: SUMMARY_NOTICE,
  };
}

export interface SummaryOptions {
  parameters?: SelectionParameters;
  budget?: SummaryBudget;
}

export function extractiveActSummary(act: AnalysedAct | string, opts: SummaryOptions = {}): ActSummary {
  const analysed = typeof act === 'string' ? analyseAct(act) : act;
  const summary: ExtractiveSummary = extractiveSummary(
    analysed.structure,
    analysed.decisive,
    opts.parameters ?? DEFAULT_SELECTION,
    opts.budget ?? DEFAULT_BUDGET,
    analysed.features,
  );
  return summaryOf(analysed, 'extractive', summary.text, summary.sentences);
}

/**
 * The summary of an act: rewritten by the provider when one is given and its rewrite passes the
 * figure check, extractive otherwise.
 */
export async function summarizeAct(
  act: AnalysedAct | string,
  opts: SummaryOptions & { generation?: GenerationClient | null; signal?: AbortSignal } = {},
): Promise<ActSummary> {
  const analysed = typeof act === 'string' ? analyseAct(act) : act;
  const extractive = extractiveActSummary(analysed, opts);
  if (!opts.generation) return extractive;
  const title = extractive.sentences.find((s) => s.role === 'title')?.text ?? null;
  const outcome = await rewriteSummary(
    opts.generation,
    { title, sentences: extractive.sentences.filter((s) => s.role !== 'title').map((s) => s.text), act: analysed.index },
    opts.signal ? { signal: opts.signal } : {},
  );
  if (!outcome.ok) {
    return {
      ...extractive,
      model: outcome.model,
      fallback: { reason: outcome.reason, detail: outcome.detail, ...(outcome.failures ? { failures: outcome.failures } : {}) },
    };
  }
  return summaryOf(analysed, 'rewritten', outcome.text, extractive.sentences, { model: outcome.model });
}
