/**
 * The data structure of a synthesis of free-text contributions. It is plain JSON (storable as
 * is, diffable for the audit log) and every contribution of the consultation is in exactly one
 * place: a theme's own members, one of its sub-themes, or the "standing alone" list. Nothing the
 * machine does, and nothing a person does through `operations.ts`, may drop a contribution.
 */

/** One resident's free-text contribution, as the module's service hands it over. */
export interface Contribution {
  id: string;
  text: string;
  /** District (quartier) the resident gave, if any. */
  district?: string | null;
  /** Age band the resident gave (e.g. "18-29"), if any. */
  ageBand?: string | null;
}

/** A verbatim passage of one contribution: `source.slice(start, end) === text`, always. */
export interface Quote {
  contributionId: string;
  start: number;
  end: number;
  text: string;
}

/** How a spread is measured: the theme's count and share against the whole consultation's share. */
export interface SpreadEntry {
  /** The district or age band as given; null = not given. */
  value: string | null;
  count: number;
  /** Share of the theme's contributions. */
  share: number;
  /** Share of all contributions of the consultation, for comparison (over- or under-represented). */
  overallShare: number;
}

export type Stance = 'for' | 'against';

/** A contribution whose wording takes the opposite side from the theme's majority. */
export interface Dissent {
  contributionId: string;
  stance: Stance;
  /** The words that carry the stance, verbatim, so a reader sees why it was flagged. */
  cue: Quote;
}

/** A statement about a theme, written by a model, shown only with the contributions that support it. */
export interface Claim {
  text: string;
  supportingContributionIds: string[];
  /** Verbatim quotes that back the claim (each one checked against its contribution). */
  quotes: Quote[];
}

export type LabelOrigin = 'keywords' | 'model' | 'person';

export interface Theme {
  /** Stable id: derived from the theme's most representative contribution, kept by every operation. */
  id: string;
  label: string;
  labelOrigin: LabelOrigin;
  /** Who made the theme: the clustering, or a person (split). */
  createdBy: 'machine' | 'person';
  /** Most distinctive words of the theme (surface forms, most frequent spelling). */
  keywords: string[];
  /** Every contribution of the theme, its sub-themes' included. */
  size: number;
  /** Members that are in no sub-theme. */
  contributionIds: string[];
  /** At most one level: a sub-theme has no sub-themes. */
  subThemes: Theme[];
  /** The members closest to the theme's centre, most representative first. */
  representativeIds: string[];
  quotes: Quote[];
  districts: SpreadEntry[];
  ageBands: SpreadEntry[];
  /** Stance of the majority, when the wording of at least a few members shows one. */
  majorityStance: Stance | null;
  dissent: Dissent[];
  /** A model's summary (never shown as a resident's words); null offline. */
  summary: string | null;
  claims: Claim[];
}

export type StandingAloneReason =
  /** No other contribution is similar enough to group it with. */
  | 'no-similar-contribution'
  /** The clustering left it on its own. */
  | 'own-group'
  /** A person moved it out of its theme. */
  | 'moved-by-person';

export interface StandingAlone {
  contributionId: string;
  reason: StandingAloneReason;
}

/** Everything that determines the offline result: recorded with it and shown in the methodology. */
export interface SynthesisParameters {
  /** Each contribution is linked to at most this many most similar others. */
  neighbours: number;
  /** Cosine similarity below which two contributions are never linked. */
  minSimilarity: number;
  /** Modularity resolution for the fine groups (a theme's sub-themes, or the theme itself): higher → smaller groups. */
  groupResolution: number;
  /** Cosine similarity below which two fine groups (their centroids) are never linked into a theme. */
  themeMinSimilarity: number;
  /** Modularity resolution for grouping the fine groups into themes. */
  themeResolution: number;
  /** A word must occur in at least this many contributions to count. */
  minDocumentFrequency: number;
  /** A word in more than this share of the contributions does not count (it separates nothing). */
  maxDocumentShare: number;
  representativesPerTheme: number;
  quotesPerTheme: number;
  /** A stance is called the majority's when at least this share of the members that show one share it. */
  stanceMajority: number;
  /** Seed of the only random choice (the order nodes are visited in): same input, same result. */
  seed: number;
}

export interface GenerationReport {
  /** offline: no provider; provider: at least one theme improved by the model; fallback: provider configured but nothing valid came back. */
  mode: 'offline' | 'provider' | 'fallback';
  model: string | null;
  themesSent: number;
  themesImproved: number;
  /** Themes whose request failed or returned nothing valid: they keep the offline result. */
  themesFallenBack: number;
  claimsProposed: number;
  claimsKept: number;
  /** Claims with no contribution of the theme behind them: not shown. */
  claimsUnsupported: number;
  quotesProposed: number;
  quotesKept: number;
  /** Quotes not found verbatim in the contribution they name (or naming none): not shown. */
  quotesRejected: number;
  /** Kinds of provider failures (never their messages, which may echo contributions). */
  errors: string[];
}

export interface Methodology {
  version: string;
  analyzer: string;
  parameters: SynthesisParameters;
  /** Human-readable description generated from the parameters and what was done. */
  text: { fr: string; en: string };
}

export interface Synthesis {
  schemaVersion: 1;
  contributionCount: number;
  themes: Theme[];
  standingAlone: StandingAlone[];
  methodology: Methodology;
  generation: GenerationReport;
  /** Changes people made since the machine's run (each one also in the audit log). */
  personChanges: number;
}
