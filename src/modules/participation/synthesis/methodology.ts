/**
 * The methodology shown with a synthesis, written from the parameters actually used and from
 * what was actually done (counts, provider), never from a template that could drift from the
 * code. French and English, like the algorithm register.
 */
import type { GenerationReport, Methodology, Synthesis, SynthesisParameters } from './types';

export const METHODOLOGY_VERSION = 'participation.synthesis/1';

export interface MethodologyFacts {
  analyzer: string;
  parameters: SynthesisParameters;
  contributionCount: number;
  themeCount: number;
  subThemeCount: number;
  standingAloneCount: number;
  generation: GenerationReport;
  /** Number of changes made by people since the machine's run (renames, merges, splits, moves). */
  personChanges?: number;
}

const frNumber = (x: number) => x.toLocaleString('fr-FR');
const enNumber = (x: number) => x.toLocaleString('en-GB');

function generationText(g: GenerationReport): { fr: string; en: string } {
  if (g.mode === 'offline') {
    return {
      fr: "Aucun modèle de langage n'a été utilisé : les intitulés sont faits des mots les plus distinctifs de chaque thème, et les citations sont des phrases des contributions les plus représentatives.",
      en: 'No language model was used: labels are made of the most distinctive words of each theme, and quotes are sentences of the most representative contributions.',
    };
  }
  const model = g.model ?? '?';
  if (g.mode === 'fallback') {
    return {
      fr: `Le modèle ${model} a été sollicité pour ${frNumber(g.themesSent)} thème(s) mais n'a rien rendu d'exploitable${g.errors.length ? ` (${g.errors.join(', ')})` : ''} : le résultat affiché est celui de la méthode sans modèle.`,
      en: `The ${model} model was asked about ${enNumber(g.themesSent)} theme(s) but returned nothing usable${g.errors.length ? ` (${g.errors.join(', ')})` : ''}: the result shown is the one of the method without a model.`,
    };
  }
  return {
    fr:
      `Le modèle ${model} a proposé les intitulés, résumés et affirmations de ${frNumber(g.themesImproved)} thème(s) sur ${frNumber(g.themesSent)}` +
      `${g.themesFallenBack ? ` (les ${frNumber(g.themesFallenBack)} autres gardent le résultat sans modèle)` : ''}. ` +
      `Chaque citation a été vérifiée caractère par caractère dans la contribution citée : ${frNumber(g.quotesKept)} retenue(s), ${frNumber(g.quotesRejected)} rejetée(s). ` +
      `Une affirmation n'est montrée qu'avec les contributions qui la soutiennent : ${frNumber(g.claimsKept)} retenue(s), ${frNumber(g.claimsUnsupported)} écartée(s) faute de soutien. ` +
      'Les résumés sont écrits par le modèle et ne sont pas des paroles d’habitants.',
    en:
      `The ${model} model proposed the labels, summaries and claims of ${enNumber(g.themesImproved)} theme(s) out of ${enNumber(g.themesSent)}` +
      `${g.themesFallenBack ? ` (the other ${enNumber(g.themesFallenBack)} keep the result without a model)` : ''}. ` +
      `Every quote was checked character by character in the contribution it names: ${enNumber(g.quotesKept)} kept, ${enNumber(g.quotesRejected)} rejected. ` +
      `A claim is shown only with the contributions that support it: ${enNumber(g.claimsKept)} kept, ${enNumber(g.claimsUnsupported)} dropped for lack of support. ` +
      "Summaries are written by the model and are not residents' words.",
  };
}

export function describeMethodology(facts: MethodologyFacts): Methodology {
  const p = facts.parameters;
  const generation = generationText(facts.generation);
  const people = facts.personChanges
    ? {
        fr: ` Depuis, ${frNumber(facts.personChanges)} modification(s) ont été faites par des personnes (renommer, fusionner, scinder, déplacer), chacune inscrite au journal d'audit.`,
        en: ` Since then, people made ${enNumber(facts.personChanges)} change(s) (rename, merge, split, move), each one recorded in the audit log.`,
      }
    : { fr: '', en: '' };
  const fr =
    `${frNumber(facts.contributionCount)} contributions ont été analysées en français (analyseur ${facts.analyzer} : élisions, accents, mots vides, racines des mots). ` +
    `Chaque contribution est représentée par le poids TF-IDF de ses mots (un mot compte s'il figure dans au moins ${frNumber(p.minDocumentFrequency)} contributions et dans au plus ${Math.round(p.maxDocumentShare * 100)} % d'entre elles). ` +
    `Chacune est reliée à ses ${frNumber(p.neighbours)} voisines les plus proches dont la similarité cosinus atteint ${frNumber(p.minSimilarity)} ; ` +
    `les groupes de ce graphe sont trouvés par la méthode de Louvain (modularité, résolution ${frNumber(p.groupResolution)}) ; ` +
    `les groupes sont ensuite réunis en thèmes de la même façon, sur le graphe de leurs centres (similarité d'au moins ${frNumber(p.themeMinSimilarity)}, résolution ${frNumber(p.themeResolution)}), et deviennent les sous-thèmes d'un thème qui en réunit plusieurs : ` +
    `le nombre de thèmes n'est pas fixé à l'avance, il résulte des données. Résultat : ${frNumber(facts.themeCount)} thème(s), ${frNumber(facts.subThemeCount)} sous-thème(s), ` +
    `et ${frNumber(facts.standingAloneCount)} contribution(s) isolée(s) (sans voisine assez proche pour former un groupe), listées à part et jamais écartées. ` +
    `Pour chaque thème : ses ${frNumber(p.representativesPerTheme)} contributions les plus proches du centre, jusqu'à ${frNumber(p.quotesPerTheme)} citations mot pour mot, la répartition par quartier et par tranche d'âge comparée à l'ensemble, ` +
    `et les contributions dont la formulation prend le contre-pied de la majorité du thème (repérées par une courte liste d'expressions françaises, montrées avec l'expression en cause ; majorité à partir de ${Math.round(p.stanceMajority * 100)} %). ` +
    `${generation.fr} Graine du seul choix aléatoire (ordre de visite) : ${frNumber(p.seed)} ; les mêmes contributions donnent le même résultat.${people.fr}`;
  const en =
    `${enNumber(facts.contributionCount)} contributions were analysed in French (analyzer ${facts.analyzer}: elisions, accents, stopwords, word stems). ` +
    `Each contribution is represented by the TF-IDF weights of its words (a word counts if it occurs in at least ${p.minDocumentFrequency} contributions and in at most ${Math.round(p.maxDocumentShare * 100)}% of them). ` +
    `Each one is linked to its ${p.neighbours} nearest neighbours whose cosine similarity reaches ${p.minSimilarity}; ` +
    `the groups of this graph are found by the Louvain method (modularity, resolution ${p.groupResolution}); ` +
    `the groups are then gathered into themes the same way, on the graph of their centres (similarity at least ${p.themeMinSimilarity}, resolution ${p.themeResolution}), and become the sub-themes of a theme that gathers several: ` +
    `the number of themes is not set in advance, it follows from the data. Result: ${enNumber(facts.themeCount)} theme(s), ${enNumber(facts.subThemeCount)} sub-theme(s), ` +
    `and ${enNumber(facts.standingAloneCount)} contribution(s) standing alone (no neighbour close enough to form a group with), listed separately and never dropped. ` +
    `For each theme: its ${p.representativesPerTheme} contributions closest to its centre, up to ${p.quotesPerTheme} verbatim quotes, its spread across districts and age bands compared with the whole, ` +
    `and the contributions whose wording takes the opposite side from the theme's majority (found by a short list of French expressions, shown with the expression at stake; majority from ${Math.round(p.stanceMajority * 100)}%). ` +
    `${generation.en} Seed of the only random choice (visiting order): ${p.seed}; the same contributions give the same result.${people.en}`;
  return { version: METHODOLOGY_VERSION, analyzer: facts.analyzer, parameters: p, text: { fr, en } };
}

/** The methodology rewritten for the synthesis as it stands (after a provider pass or people's changes). */
export function redescribeMethodology(synthesis: Synthesis): Methodology {
  return describeMethodology({
    analyzer: synthesis.methodology.analyzer,
    parameters: synthesis.methodology.parameters,
    contributionCount: synthesis.contributionCount,
    themeCount: synthesis.themes.length,
    subThemeCount: synthesis.themes.reduce((s, t) => s + t.subThemes.length, 0),
    standingAloneCount: synthesis.standingAlone.length,
    generation: synthesis.generation,
    personChanges: synthesis.personChanges,
  });
}
