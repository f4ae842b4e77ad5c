/**
 * Summaries benchmark (CLI): plain-language summaries of council acts, offline (extractive).
 *
 *   npm run bench:summaries -- [--input <folder of acts: PDF, DOCX, Markdown, plain text>] [--json] [--seed 1]
 *
 * Default input: the 40 Montpellier deliberations of 24 April 2014 (../shared/data/communication/
 * montpellier-deliberations). Each act is read through the platform's file parser (the same parsing
 * threads and limits as an upload), then summarised. Measured, on the acts as extracted and on a
 * seeded OCR-noised copy of them:
 * - the share of figures shown in the summaries that the figure check finds in their act (must be 100 %);
 * - the share of the acts' decisive figures (amounts, rates, vote counts, dates of effect, durations) kept;
 * - Kandel–Moles and LIX of the summaries and of the acts' bodies; compression; time per act.
 * The selection's weights and threshold are chosen on half of the acts and scored on the other
 * half, both ways (cross-fitted); the headline figures are those out-of-sample summaries.
 *
 * Writes bench/results/summaries.md and .json (for another --input: summaries-<folder>.md/.json).
 * With --json, the last line of standard output is the headline JSON (progress goes to standard error).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkFigures } from '../src/modules/communication/acts/figure-check.js';
import {
  DEFAULT_BUDGET,
  DEFAULT_SELECTION,
  decisionSentences,
  selectSentences,
  type SelectionParameters,
} from '../src/modules/communication/acts/extractive.js';
import { addOcrNoise } from '../src/modules/communication/acts/ocr-noise.js';
import { sameFigure } from '../src/modules/communication/acts/structure.js';
import { analyseAct, extractiveActSummary, type ActSummary, type AnalysedAct } from '../src/modules/communication/acts/summarize.js';
import { createFileParser, type DocumentFormat } from '../src/platform/files/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_INPUT = resolve(here, '../../shared/data/communication/montpellier-deliberations');
const { values } = parseArgs({
  options: {
    input: { type: 'string', default: DEFAULT_INPUT },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
  },
});
const log = (s: string): void => {
  if (values.json) console.error(s);
  else console.log(s);
};
const input = resolve(values.input!);
const seed = Number(values.seed);
const started = Date.now();

// ---------------------------------------------------------------------------
// Acts, through the platform's parser
// ---------------------------------------------------------------------------

const FORMATS: Record<string, DocumentFormat> = { '.pdf': 'pdf', '.docx': 'docx', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.text': 'text' };
interface Act {
  name: string;
  text: string;
  parseSeconds: number;
}

async function loadActs(folder: string): Promise<{ acts: Act[]; skipped: string[] }> {
  const parser = createFileParser({ concurrency: 1 });
  const acts: Act[] = [];
  const skipped: string[] = [];
  try {
    for (const name of readdirSync(folder).sort()) {
      const format = FORMATS[extname(name).toLowerCase()];
      if (!format) continue;
      const t0 = performance.now();
      try {
        const parsed = await parser.parse(readFileSync(join(folder, name)), { accept: ['pdf', 'docx', 'markdown', 'text'], filename: name });
        if (parsed.kind !== 'document' || !/\p{L}{3}/u.test(parsed.text)) {
          skipped.push(`${name} (no text: a scan needs OCR first)`);
          continue;
        }
        acts.push({ name, text: parsed.text, parseSeconds: (performance.now() - t0) / 1000 });
      } catch (err) {
        skipped.push(`${name} (${(err as { code?: string }).code ?? (err as Error).message})`);
      }
    }
  } finally {
    await parser.close();
  }
  return { acts, skipped };
}

// ---------------------------------------------------------------------------
// Tuning: weights and threshold chosen on one half, scored on the other
// ---------------------------------------------------------------------------

const GRID = {
  decision: [1, 2, 3],
  figure: [0.5, 1, 2],
  beneficiary: [0, 0.5, 1],
  routine: [0, 1, 2],
  procedural: [0, 1],
  length: [0, 0.5, 1],
  threshold: [0.5, 1, 1.5, 2],
};
/** Penalty per 100 quoted words: among equally informative summaries, the shorter. */
const LENGTH_COST = 0.1;

function* grid(): Generator<SelectionParameters> {
  for (const decision of GRID.decision)
    for (const figure of GRID.figure)
      for (const beneficiary of GRID.beneficiary)
        for (const routine of GRID.routine)
          for (const procedural of GRID.procedural)
            for (const length of GRID.length) for (const threshold of GRID.threshold) yield { decision, figure, beneficiary, routine, procedural, length, threshold };
}

interface Tunable {
  analysed: AnalysedAct;
  /** For each sentence, the decisive figures (by index) it shows. */
  keeps: number[][];
  decisions: Set<number>;
}

function tunable(analysed: AnalysedAct): Tunable {
  const keeps = analysed.structure.sentences.map((s) => {
    const shown = analysed.figures.filter((f) => f.start >= s.start && f.end <= s.end);
    return analysed.decisive.flatMap((d, k) => (shown.some((f) => sameFigure(f, d.figure)) ? [k] : []));
  });
  return { analysed, keeps, decisions: new Set(decisionSentences(analysed.structure)) };
}

/** The tuning objective of one act: decisive figures and decisions kept (mean of those the act has), less the length. */
function objective(t: Tunable, p: SelectionParameters): number {
  const picked = selectSentences(t.analysed.features, p, DEFAULT_BUDGET);
  const parts: number[] = [];
  if (t.analysed.decisive.length > 0) {
    const kept = new Set<number>();
    for (const i of [...picked, ...t.analysed.structure.vote.sentences]) for (const k of t.keeps[i]!) kept.add(k);
    parts.push(kept.size / t.analysed.decisive.length);
  }
  if (t.decisions.size > 0) parts.push(picked.filter((i) => t.decisions.has(i)).length / t.decisions.size);
  const words = picked.reduce((n, i) => n + t.analysed.features[i]!.words, 0);
  return (parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 0) - (LENGTH_COST * words) / 100;
}

function tune(acts: readonly Tunable[]): { parameters: SelectionParameters; objective: number } {
  let best = { parameters: DEFAULT_SELECTION, objective: -Infinity };
  for (const p of grid()) {
    const score = acts.reduce((sum, t) => sum + objective(t, p), 0) / acts.length;
    if (score > best.objective + 1e-9) best = { parameters: p, objective: score };
  }
  return best;
}

// ---------------------------------------------------------------------------
// Measures
// ---------------------------------------------------------------------------

interface Measured {
  acts: number;
  figures_in_summaries: number;
  figures_found_share: number;
  decisive_figures: number;
  decisive_figures_kept_share: number;
  acts_with_decisive_figures: number;
  decision_sentences_kept_share: number;
  votes_quoted_share: number;
  readability_acts: number;
  readability_summaries: number;
  lix_acts: number;
  lix_summaries: number;
  compression: number;
  summary_seconds_per_act: number;
  changed_figure_rejected_share: number;
  changed_figure_trials: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The summary with its first amount, rate, date or duration changed by one digit: the check must refuse it. */
function withChangedFigure(summary: ActSummary): string | null {
  const f = summary.check.figures.find((x) => ['amount', 'date', 'percent', 'duration'].includes(x.kind) && /\d/.test(x.raw));
  if (!f) return null;
  // The last digit of its first run of digits: "24 avril" → "25 avril", "40 000 €" → "41 000 €".
  const at = f.start + /\d+/.exec(f.raw)!.index + /\d+/.exec(f.raw)![0].length - 1;
  const digit = Number(summary.text[at]);
  return summary.text.slice(0, at) + String((digit + 1) % 10) + summary.text.slice(at + 1);
}

function measure(acts: readonly { analysed: AnalysedAct; parameters: SelectionParameters }[]): Measured {
  let figures = 0;
  let found = 0;
  let decisive = 0;
  let kept = 0;
  let withDecisive = 0;
  let decisionsTotal = 0;
  let decisionsKept = 0;
  let votes = 0;
  let votesQuoted = 0;
  let trials = 0;
  let rejected = 0;
  const kmActs: number[] = [];
  const kmSummaries: number[] = [];
  const lixActs: number[] = [];
  const lixSummaries: number[] = [];
  const compression: number[] = [];
  let seconds = 0;
  for (const { analysed, parameters } of acts) {
    const t0 = performance.now();
    const summary = extractiveActSummary(analysed, { parameters });
    seconds += (performance.now() - t0) / 1000;
    figures += summary.check.figures.length;
    found += summary.check.figures.filter((f) => f.found).length;
    decisive += summary.decisiveFigures.length;
    kept += summary.decisiveFigures.filter((d) => d.kept).length;
    if (summary.decisiveFigures.length) withDecisive++;
    const decisions = new Set(decisionSentences(analysed.structure));
    decisionsTotal += decisions.size;
    decisionsKept += summary.sentences.filter((s) => decisions.has(s.index)).length;
    if (analysed.structure.vote.sentences.length) {
      votes++;
      if (summary.sentences.some((s) => s.role === 'vote')) votesQuoted++;
    }
    if (summary.readability.act) {
      kmActs.push(summary.readability.act.kandelMoles);
      lixActs.push(summary.readability.act.lix);
    }
    if (summary.readability.summary) {
      kmSummaries.push(summary.readability.summary.kandelMoles);
      lixSummaries.push(summary.readability.summary.lix);
    }
    compression.push(summary.compression);
    const changed = withChangedFigure(summary);
    if (changed !== null) {
      trials++;
      if (!checkFigures(changed, analysed.index).ok) rejected++;
    }
  }
  return {
    acts: acts.length,
    figures_in_summaries: figures,
    figures_found_share: figures ? round(found / figures, 4) : 1,
    decisive_figures: decisive,
    decisive_figures_kept_share: decisive ? round(kept / decisive) : 1,
    acts_with_decisive_figures: withDecisive,
    decision_sentences_kept_share: decisionsTotal ? round(decisionsKept / decisionsTotal) : 1,
    votes_quoted_share: votes ? round(votesQuoted / votes) : 1,
    readability_acts: round(mean(kmActs), 1),
    readability_summaries: round(mean(kmSummaries), 1),
    lix_acts: round(mean(lixActs), 1),
    lix_summaries: round(mean(lixSummaries), 1),
    compression: round(mean(compression)),
    summary_seconds_per_act: round(seconds / Math.max(1, acts.length), 4),
    changed_figure_rejected_share: trials ? round(rejected / trials) : 1,
    changed_figure_trials: trials,
  };
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

const { acts, skipped } = await loadActs(input);
if (acts.length < 2) {
  console.error(`Not enough acts in ${input} (${acts.length}).`);
  process.exit(1);
}
log(`${acts.length} acts read from ${input}${skipped.length ? `, ${skipped.length} skipped` : ''}.`);

const t0 = performance.now();
const clean = acts.map((a) => analyseAct(a.text));
const analyseSeconds = (performance.now() - t0) / 1000 / acts.length;
const noisyTexts = acts.map((a, i) => addOcrNoise(a.text, { seed: seed * 1000 + i }));
const noisy = noisyTexts.map((t) => analyseAct(t));

// Halves: acts in name order, alternately (A: 1st, 3rd…; B: 2nd, 4th…).
const halfA = acts.map((_, i) => i).filter((i) => i % 2 === 0);
const halfB = acts.map((_, i) => i).filter((i) => i % 2 === 1);
const tunables = clean.map(tunable);
const onA = tune(halfA.map((i) => tunables[i]!));
const onB = tune(halfB.map((i) => tunables[i]!));
const onAll = tune(tunables);
const crossFitted = acts.map((_, i) => (i % 2 === 0 ? onB.parameters : onA.parameters));
log(`Tuned on A: ${JSON.stringify(onA.parameters)}; on B: ${JSON.stringify(onB.parameters)}; on all: ${JSON.stringify(onAll.parameters)}.`);

const pick = (set: AnalysedAct[], idx: number[], p: (i: number) => SelectionParameters) => idx.map((i) => ({ analysed: set[i]!, parameters: p(i) }));
const all = acts.map((_, i) => i);
const results = {
  clean: {
    out_of_sample: measure(pick(clean, all, (i) => crossFitted[i]!)),
    a_tuned_on_b: measure(pick(clean, halfA, () => onB.parameters)),
    b_tuned_on_a: measure(pick(clean, halfB, () => onA.parameters)),
    a_in_sample: measure(pick(clean, halfA, () => onA.parameters)),
    b_in_sample: measure(pick(clean, halfB, () => onB.parameters)),
    defaults_all_in_sample: measure(pick(clean, all, () => DEFAULT_SELECTION)),
  },
  noisy: {
    out_of_sample: measure(pick(noisy, all, (i) => crossFitted[i]!)),
    a_tuned_on_b: measure(pick(noisy, halfA, () => onB.parameters)),
    b_tuned_on_a: measure(pick(noisy, halfB, () => onA.parameters)),
  },
};
const parseSeconds = mean(acts.map((a) => a.parseSeconds));
const headlineClean = results.clean.out_of_sample;
const secondsPerAct = round(parseSeconds + analyseSeconds + headlineClean.summary_seconds_per_act, 4);

// One example summary, for the report.
const example = extractiveActSummary(clean[acts.findIndex((a) => /71276/.test(a.name))] ?? clean[0]!, { parameters: crossFitted[0]! });
const exampleName = acts.find((a) => /71276/.test(a.name))?.name ?? acts[0]!.name;

const headline = {
  acts: headlineClean.acts,
  figures_in_summaries: headlineClean.figures_in_summaries,
  figures_found_share: headlineClean.figures_found_share,
  decisive_figures_kept_share: headlineClean.decisive_figures_kept_share,
  readability_acts: headlineClean.readability_acts,
  readability_summaries: headlineClean.readability_summaries,
  compression: headlineClean.compression,
  seconds_per_act: secondsPerAct,
};

const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB), Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`;
const isDefault = input === DEFAULT_INPUT;
const outName = isDefault ? 'summaries' : `summaries-${basename(input).replace(/[^\w.-]+/g, '_')}`;
const resultsDir = resolve(here, 'results');
if (!existsSync(resultsDir)) mkdirSync(resultsDir, { recursive: true });

const fmtParams = (p: SelectionParameters) =>
  `decision ${p.decision}, figure ${p.figure}, beneficiary ${p.beneficiary}, routine −${p.routine}, procedural −${p.procedural}, length −${p.length}, threshold ${p.threshold}`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const row = (label: string, m: Measured) =>
  `| ${label} | ${m.acts} | ${m.figures_in_summaries} | ${pct(m.figures_found_share)} | ${m.decisive_figures} | ${pct(m.decisive_figures_kept_share)} | ${pct(m.decision_sentences_kept_share)} | ${pct(m.votes_quoted_share)} | ${m.readability_acts} → ${m.readability_summaries} | ${m.lix_acts} → ${m.lix_summaries} | ${m.compression} | ${pct(m.changed_figure_rejected_share)} (${m.changed_figure_trials}) |`;

const md = `# Summaries benchmark — council acts in plain words (offline, extractive)

Generated ${new Date().toISOString()} on ${machine}. Command: \`npm run bench:summaries${isDefault ? '' : ` -- --input ${values.input}`}\` (${Math.round((Date.now() - started) / 1000)} s).

Input: ${acts.length} acts from \`${isDefault ? '../shared/data/communication/montpellier-deliberations' : values.input}\`${skipped.length ? ` (${skipped.length} skipped: ${skipped.join(', ')})` : ''}, read through the platform's file parser (parsing threads, upload limits). Noisy copy: the same extracted texts through the seeded OCR-noise simulator (\`acts/ocr-noise.ts\`, seed ${seed}: look-alike confusions 0/O, 1/l/I, 5/S, 8/B, m/rn at 2 %, lost accents at 3 %, line breaks at 8 % of spaces — a third of them hyphenating a word —, a stray space in 30 % of the numbers of four digits or more).

## Headline (out-of-sample)

Each act summarised with the selection parameters chosen on the other half of the acts (halves: acts in name order, alternately).

| set | acts | figures in summaries | found in the act | decisive figures | kept | decision sentences kept | votes quoted | Kandel–Moles act → summary | LIX act → summary | compression | changed figure refused (trials) |
|---|---|---|---|---|---|---|---|---|---|---|---|
${row('as extracted', results.clean.out_of_sample)}
${row('OCR-noised', results.noisy.out_of_sample)}

- *found in the act*: every figure the summaries show (amounts, rates, dates, durations, vote counts, numbers in digits or words, codes), through the figure check (\`acts/figure-check.ts\`) against the act as extracted — must be 100 %.
- *decisive figures*: amounts and rates of the dispositif (of the body when the dispositif refers to them), vote counts and unanimity, dates of effect, durations (\`decisiveFigures\`); *kept*: the summary shows the same value.
- *changed figure refused*: each summary that shows an amount, a rate, a date or a duration, with the first one changed by one digit ("24 avril" → "25 avril", "40 000 €" → "41 000 €"), run through the check again: refused in that share of trials (a changed value that happens to be another figure of the act would be found, rightly).
- Kandel–Moles (higher is easier) and LIX (lower is easier): mean over acts; an act's score is that of its body (title to vote: the header's lists of members and the closing formulas left out).
- Compression: characters of the summary over characters of the act's prepared text, mean over acts.

Time per act: ${secondsPerAct} s (parsing ${round(parseSeconds, 3)} s on the platform's parsing thread, analysis ${round(analyseSeconds, 4)} s, summary ${headlineClean.summary_seconds_per_act} s).

## Both halves

| set | acts | figures in summaries | found in the act | decisive figures | kept | decision sentences kept | votes quoted | Kandel–Moles act → summary | LIX act → summary | compression | changed figure refused (trials) |
|---|---|---|---|---|---|---|---|---|---|---|---|
${row('half A, parameters chosen on B', results.clean.a_tuned_on_b)}
${row('half B, parameters chosen on A', results.clean.b_tuned_on_a)}
${row('half A, in-sample (chosen on A)', results.clean.a_in_sample)}
${row('half B, in-sample (chosen on B)', results.clean.b_in_sample)}
${row('noised half A, chosen on B', results.noisy.a_tuned_on_b)}
${row('noised half B, chosen on A', results.noisy.b_tuned_on_a)}
${row('all, shipped defaults (in-sample)', results.clean.defaults_all_in_sample)}

Chosen on half A: ${fmtParams(onA.parameters)} (objective ${round(onA.objective)}).
Chosen on half B: ${fmtParams(onB.parameters)} (objective ${round(onB.objective)}).
Chosen on all: ${fmtParams(onAll.parameters)}. Shipped defaults (\`DEFAULT_SELECTION\`): ${fmtParams(DEFAULT_SELECTION)}.

Grid (${[...grid()].length} combinations): decision ∈ {${GRID.decision.join(', ')}}, figure ∈ {${GRID.figure.join(', ')}}, beneficiary ∈ {${GRID.beneficiary.join(', ')}}, routine ∈ {${GRID.routine.join(', ')}}, procedural ∈ {${GRID.procedural.join(', ')}}, length ∈ {${GRID.length.join(', ')}}, threshold ∈ {${GRID.threshold.join(', ')}}. Objective per act: the mean of the share of decisive figures kept and the share of decision sentences kept (those the act has), less ${LENGTH_COST} per 100 quoted words; mean over the tuning half. Fixed, not tuned: the budget (${DEFAULT_BUDGET.maxSentences} sentences, ${DEFAULT_BUDGET.maxWords} words besides the title and the vote), the title and the vote always quoted, a list item quoted with the line opening its list (and a list of short items, such as the names of those elected, quoted whole).

Caveat: these 40 acts are one session (24 April 2014, the first after the municipal election): most designate representatives, few carry amounts (${results.clean.out_of_sample.acts_with_decisive_figures} have decisive figures), none carries vote counts ("Le Conseil adopte."). The decision-sentence measure uses the same structure detection as the selection: it says the selection follows the dispositif, not that a reader would agree.

## Example (${exampleName}, out-of-sample parameters)

\`\`\`
${example.text}
\`\`\`

Decisive figures: ${example.decisiveFigures.map((d) => `${d.raw} (${d.kept ? 'kept' : 'not kept'})`).join(', ') || 'none'}. Kandel–Moles ${example.readability.act?.kandelMoles} (act) → ${example.readability.summary?.kandelMoles} (summary); LIX ${example.readability.act?.lix} → ${example.readability.summary?.lix}.
`;

const json = { generated: new Date().toISOString(), machine, input: isDefault ? 'montpellier-deliberations' : values.input, seed, headline, tuned: { on_a: onA, on_b: onB, on_all: onAll, defaults: DEFAULT_SELECTION }, grid: GRID, results, seconds: { parse: parseSeconds, analyse: analyseSeconds }, skipped };
writeFileSync(join(resultsDir, `${outName}.md`), md);
writeFileSync(join(resultsDir, `${outName}.json`), `${JSON.stringify(json, null, 2)}\n`);
log(md);
if (values.json) console.log(JSON.stringify(headline));
