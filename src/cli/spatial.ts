import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isLocal, runAnalysis, type SpatialReport } from '../modules/observatory/spatial/analysis';
import { parseCommandOptions, USAGE, type CommandOptions } from '../modules/observatory/spatial/command-options';
import { InputError, readFeatureCollection } from '../modules/observatory/spatial/features';
import { parseGal, type GalWeights } from '../modules/observatory/spatial/gal';
import { QUADRANT_LABELS } from '../modules/observatory/spatial/local-moran';

/**
 * `npm run spatial -- …`: a spatial statistic over a GeoJSON file (see USAGE). Exits 0 with the
 * result, 1 when the input or the analysis fails (the message names the feature), 2 on a usage
 * error. Reports and timings go to standard error, so that with --json the standard output is the
 * JSON object alone.
 */
function main(): number {
  let options: CommandOptions;
  try {
    options = parseCommandOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const timings: [string, number][] = [];
  let clock = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings.push([step, now - clock]);
    clock = now;
  };
  try {
    let text: string;
    try {
      text = fs.readFileSync(options.input, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${options.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`${options.input} is not valid JSON: ${(err as Error).message}`);
    }
    lap('read');
    const variables = [options.variable, ...(options.variable2 ? [options.variable2] : []), ...(options.population ? [options.population] : [])];
    const input = readFeatureCollection(json, { idProperty: options.id, variables, missingTokens: options.missing });
    lap('features');
    if (input.excluded.length) {
      const list = input.excluded.slice(0, 20).map((e) => `${e.id} (${e.missing.join(', ')})`).join(', ');
      const more = input.excluded.length > 20 ? ` and ${input.excluded.length - 20} more` : '';
      console.error(`${input.excluded.length} areas excluded for a missing value, not counted as zero: ${list}${more}`);
    }
    const gal = options.weights.kind === 'gal' ? readGalFile(options.weights.path) : undefined;
    const report = runAnalysis(input, {
      statistic: options.statistic,
      weights: options.weights,
      transform: options.transform,
      permutations: options.permutations,
      seed: options.seed,
      alternative: options.alternative,
      rate: options.population !== null,
      weightsOptions: { snap: options.snap, projectDegrees: options.geographic, gal },
      alpha: options.alpha,
      onStep: lap,
    });
    if (report.weights.islands.length) {
      const shown = report.weights.islands.slice(0, 20).join(', ');
      console.error(`${report.weights.islands.length} areas have no neighbour (islands): ${shown}${report.weights.islands.length > 20 ? ', …' : ''}`);
    }
    if (options.json) console.log(JSON.stringify(report));
    else console.log(humanReport(report, options));
    if (options.timings) for (const [step, ms] of timings) console.error(`${step}: ${ms.toFixed(1)} ms`);
    return 0;
  } catch (err) {
    const prefix = err instanceof InputError ? 'Invalid input' : 'The analysis failed';
    console.error(`${prefix}: ${(err as Error).message}`);
    return 1;
  }
}

function readGalFile(file: string): GalWeights {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseGal(text);
}

function humanReport(report: SpatialReport, options: CommandOptions): string {
  const fmt = (v: number | null) => (v === null ? '—' : Number(v.toPrecision(6)).toString());
  const lines = [
    `${report.statistic} of ${options.variable}${options.variable2 ? ` with ${options.variable2}` : ''}${options.population ? ` per ${options.population} (empirical-Bayes rates)` : ''} over ${report.n} areas`,
    `weights: ${report.weights.spec}, ${report.weights.transform}${report.weights.snap !== null ? `, snap ${fmt(report.weights.snap)}` : ''}; ${report.weights.links} links, ${report.weights.islands.length} islands`,
    `p-values: ${report.alternative}; ${report.permutations ? `${report.permutations} permutations, seed ${report.seed}` : 'no permutation'}`,
  ];
  if (!isLocal(report.statistic)) {
    lines.push(
      `value ${fmt(report.value)} (expected ${fmt(report.expected)})`,
      `z ${fmt(report.z)}, p normal ${fmt(report.p_normal)}` +
        (report.p_randomisation !== null ? `, z randomisation ${fmt(report.z_randomisation)}, p randomisation ${fmt(report.p_randomisation)}` : '') +
        (report.p_permutation !== null ? `, p permutation ${fmt(report.p_permutation)}` : ''),
    );
    return lines.join('\n');
  }
  const local = report.local ?? [];
  const significant = local.filter((e) => e.p !== null && e.p <= options.alpha);
  lines.push(
    `${significant.length} of ${local.length} areas significant at ${options.alpha} (uncorrected); FDR cutoff ${fmt(report.fdr_cutoff)}, Bonferroni cutoff ${fmt(report.bonferroni_cutoff)}`,
  );
  if (report.statistic === 'local-moran' || report.statistic === 'bivariate-local-moran') {
    const counts = new Map<string, number>();
    for (const e of significant) if (e.quadrant) counts.set(QUADRANT_LABELS[e.quadrant as 1 | 2 | 3 | 4], (counts.get(QUADRANT_LABELS[e.quadrant as 1 | 2 | 3 | 4]) ?? 0) + 1);
    lines.push(`significant by quadrant: ${['HH', 'LL', 'LH', 'HL'].map((q) => `${q} ${counts.get(q) ?? 0}`).join(', ')}`);
  } else {
    lines.push(`significant hot spots ${significant.filter((e) => (e.z ?? 0) > 0).length}, cold spots ${significant.filter((e) => (e.z ?? 0) < 0).length}`);
  }
  lines.push('(--json for every area)');
  return lines.join('\n');
}

process.exitCode = main();
