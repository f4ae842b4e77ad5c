/**
 * What people do to a synthesis: rename, merge and split themes, move contributions. Each
 * operation is a pure function: it takes a synthesis and returns a new one (the input is never
 * modified) with a description of the change for the audit log, or throws a
 * `SynthesisOperationError` and changes nothing. Theme ids are kept by every operation; a split
 * makes new ids for the new themes only. No operation can lose a contribution: the result is
 * checked (`assertSynthesisConsistent`) before it is returned.
 *
 * The module's service loads the synthesis and its contributions, calls one operation, and stores
 * the result with `recordAudit({ action: change.action, subjectType: 'participation.synthesis',
 * subjectId, before: change.before, after: change.after })` in the same transaction.
 */
import { stripControlCharacters } from '../../../platform/validation/text';
import { allMembers, createDescriber, refreshTheme, type Describer } from './describe';
import { MAX_LABEL_LENGTH } from './generate';
import { redescribeMethodology } from './methodology';
import { assertSynthesisConsistent, buildTheme, corpusOf, newThemeId } from './synthesize';
import type { Contribution, Synthesis, Theme } from './types';

export type SynthesisOperationErrorCode =
  | 'participation.synthesis.theme_not_found'
  | 'participation.synthesis.contribution_not_found'
  | 'participation.synthesis.invalid_change';

/** A refused change: nothing was changed. The code is stable (for the problem details the route returns). */
export class SynthesisOperationError extends Error {
  constructor(
    readonly code: SynthesisOperationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SynthesisOperationError';
  }
}

export type SynthesisChangeAction =
  | 'participation.synthesis.theme_renamed'
  | 'participation.synthesis.themes_merged'
  | 'participation.synthesis.theme_split'
  | 'participation.synthesis.contributions_moved';

export interface SynthesisChange {
  action: SynthesisChangeAction;
  /** The audit log's `before` and `after`: only what changed. */
  before: unknown;
  after: unknown;
  /** One sentence for people reading the history. */
  description: { fr: string; en: string };
}

export interface OperationResult {
  synthesis: Synthesis;
  change: SynthesisChange;
}

/** The describer operations need, from the contributions the synthesis was made of and its own parameters. */
export function describerFor(synthesis: Synthesis, contributions: readonly Contribution[]): Describer {
  const parameters = synthesis.methodology.parameters;
  return createDescriber(corpusOf(contributions, parameters), parameters);
}

interface Location {
  theme: Theme;
  parent: Theme | null;
}

function locate(synthesis: Synthesis, themeId: string): Location {
  for (const theme of synthesis.themes) {
    if (theme.id === themeId) return { theme, parent: null };
    for (const sub of theme.subThemes) if (sub.id === themeId) return { theme: sub, parent: theme };
  }
  throw new SynthesisOperationError('participation.synthesis.theme_not_found', `No theme ${themeId} in this synthesis`);
}

function allThemeIds(synthesis: Synthesis): Set<string> {
  return new Set(synthesis.themes.flatMap((t) => [t.id, ...t.subThemes.map((s) => s.id)]));
}

function checkLabel(label: string): string {
  const clean = stripControlCharacters(label).replace(/\s+/g, ' ').trim();
  if (clean.length === 0 || [...clean].length > MAX_LABEL_LENGTH) {
    throw new SynthesisOperationError('participation.synthesis.invalid_change', `A label has 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  return clean;
}

const brief = (t: Theme) => ({ id: t.id, label: t.label, size: t.size });

/** Removes contributions from a theme and its sub-themes (in place, on a copy). */
function removeMembers(theme: Theme, ids: ReadonlySet<string>): void {
  theme.contributionIds = theme.contributionIds.filter((id) => !ids.has(id));
  for (const s of theme.subThemes) removeMembers(s, ids);
}

/**
 * After members changed: drops emptied sub-themes and themes, folds a lone sub-theme back into
 * its theme, recomputes what the machine says of the changed themes, and withdraws what a model
 * wrote of them that no longer holds (summary; claims keep only supporting contributions still
 * in the theme).
 */
function settle(synthesis: Synthesis, changed: ReadonlySet<string>, describer: Describer): Synthesis {
  const touched = (t: Theme) => changed.has(t.id) || t.subThemes.some((s) => changed.has(s.id));
  const themes: Theme[] = [];
  for (let theme of synthesis.themes) {
    theme = { ...theme, subThemes: theme.subThemes.filter((s) => allMembers(s).length > 0) };
    if (theme.subThemes.length === 1) {
      theme = { ...theme, contributionIds: [...theme.contributionIds, ...allMembers(theme.subThemes[0]!)].sort(), subThemes: [] };
    }
    if (allMembers(theme).length === 0) continue;
    if (!touched(theme)) {
      themes.push(theme);
      continue;
    }
    const refreshed = refreshTheme(theme, describer);
    themes.push(withdrawModelText(refreshed, changed));
  }
  themes.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
  return { ...synthesis, themes };
}

function withdrawModelText(theme: Theme, changed: ReadonlySet<string>): Theme {
  const subThemes = theme.subThemes.map((s) => withdrawModelText(s, changed));
  if (!changed.has(theme.id)) return { ...theme, subThemes };
  const members = new Set(allMembers(theme));
  const claims = theme.claims
    .map((c) => ({
      ...c,
      supportingContributionIds: c.supportingContributionIds.filter((id) => members.has(id)),
      quotes: c.quotes.filter((q) => members.has(q.contributionId)),
    }))
    .filter((c) => c.supportingContributionIds.length > 0);
  return { ...theme, subThemes, summary: null, claims };
}

function finish(before: Synthesis, after: Synthesis, change: SynthesisChange): OperationResult {
  const next: Synthesis = { ...after, personChanges: before.personChanges + 1 };
  assertSynthesisConsistent(next);
  return { synthesis: { ...next, methodology: redescribeMethodology(next) }, change };
}

/** A person names a theme or sub-theme; later machine passes keep the name. */
export function renameTheme(synthesis: Synthesis, request: { themeId: string; label: string }): OperationResult {
  const label = checkLabel(request.label);
  const { theme } = locate(synthesis, request.themeId);
  const rename = (t: Theme): Theme =>
    t.id === request.themeId ? { ...t, label, labelOrigin: 'person' } : { ...t, subThemes: t.subThemes.map(rename) };
  return finish(synthesis, { ...synthesis, themes: synthesis.themes.map(rename) }, {
    action: 'participation.synthesis.theme_renamed',
    before: { themeId: theme.id, label: theme.label, labelOrigin: theme.labelOrigin },
    after: { themeId: theme.id, label, labelOrigin: 'person' },
    description: {
      fr: `Thème « ${theme.label} » renommé « ${label} ».`,
      en: `Theme "${theme.label}" renamed "${label}".`,
    },
  });
}

/**
 * Merges themes into the first one listed, which keeps its id. Into a theme: the others' own
 * members and sub-themes become its own. Into a sub-theme: all the others' members join it.
 */
export function mergeThemes(synthesis: Synthesis, describer: Describer, request: { themeIds: readonly string[]; label?: string }): OperationResult {
  const ids = [...new Set(request.themeIds)];
  if (ids.length < 2) throw new SynthesisOperationError('participation.synthesis.invalid_change', 'Merging needs at least two different themes');
  const label = request.label === undefined ? undefined : checkLabel(request.label);
  const located = ids.map((id) => locate(synthesis, id));
  for (const l of located) {
    if (l.parent && ids.includes(l.parent.id)) {
      throw new SynthesisOperationError('participation.synthesis.invalid_change', `Theme ${l.theme.id} is a sub-theme of ${l.parent.id}, also listed`);
    }
  }
  const [target, ...others] = located as [Location, ...Location[]];
  const othersIds = new Set(others.map((o) => o.theme.id));
  const moving = new Set(others.flatMap((o) => allMembers(o.theme)));
  const absorbed = others.map((o) => o.theme);
  const targetIsSubTheme = target.parent !== null;

  const strip = (t: Theme): Theme | null => {
    if (othersIds.has(t.id)) return null;
    const copy: Theme = { ...t, contributionIds: t.contributionIds.filter((id) => !moving.has(id)), subThemes: t.subThemes.map(strip).filter((s): s is Theme => s !== null) };
    return copy;
  };
  let themes = synthesis.themes.map(strip).filter((t): t is Theme => t !== null);
  const grow = (t: Theme): Theme => {
    if (t.id !== target.theme.id) return { ...t, subThemes: t.subThemes.map(grow) };
    const renamed = label === undefined ? {} : { label, labelOrigin: 'person' as const };
    if (targetIsSubTheme) return { ...t, ...renamed, contributionIds: [...t.contributionIds, ...moving].sort() };
    // Into a top-level theme: the others keep their inner structure as sub-themes where they had one.
    const ownMembers = absorbed.flatMap((a) => a.contributionIds);
    const subThemesOfOthers = absorbed.flatMap((a) => a.subThemes);
    return { ...t, ...renamed, contributionIds: [...t.contributionIds, ...ownMembers].sort(), subThemes: [...t.subThemes, ...subThemesOfOthers] };
  };
  themes = themes.map(grow);
  const changed = new Set([target.theme.id, ...located.map((l) => l.parent?.id).filter((id): id is string => !!id)]);
  const next = settle({ ...synthesis, themes }, changed, describer);
  const merged = locate(next, target.theme.id).theme;
  return finish(synthesis, next, {
    action: 'participation.synthesis.themes_merged',
    before: { themes: located.map((l) => brief(l.theme)) },
    after: { theme: brief(merged) },
    description: {
      fr: `Thèmes ${located.map((l) => `« ${l.theme.label} »`).join(', ')} réunis en « ${merged.label} » (${merged.size} contributions).`,
      en: `Themes ${located.map((l) => `"${l.theme.label}"`).join(', ')} merged into "${merged.label}" (${merged.size} contributions).`,
    },
  });
}

/**
 * Splits parts off a theme: each part (some of its contributions) becomes a new theme beside it
 * (a new theme for a theme, a new sub-theme of the same theme for a sub-theme); the rest stays.
 */
export function splitTheme(
  synthesis: Synthesis,
  describer: Describer,
  request: { themeId: string; parts: readonly { contributionIds: readonly string[]; label?: string }[] },
): OperationResult {
  const { theme, parent } = locate(synthesis, request.themeId);
  const members = new Set(allMembers(theme));
  if (request.parts.length === 0) throw new SynthesisOperationError('participation.synthesis.invalid_change', 'A split needs at least one part');
  const taken = new Set<string>();
  const parts = request.parts.map((p) => {
    const ids = [...new Set(p.contributionIds)];
    if (ids.length === 0) throw new SynthesisOperationError('participation.synthesis.invalid_change', 'A part of a split cannot be empty');
    for (const id of ids) {
      if (!members.has(id)) throw new SynthesisOperationError('participation.synthesis.contribution_not_found', `Contribution ${id} is not in theme ${theme.id}`);
      if (taken.has(id)) throw new SynthesisOperationError('participation.synthesis.invalid_change', `Contribution ${id} is in two parts`);
      taken.add(id);
    }
    return { ids, label: p.label === undefined ? undefined : checkLabel(p.label) };
  });
  if (parts.length === 1 && taken.size === members.size) {
    throw new SynthesisOperationError('participation.synthesis.invalid_change', 'A single part holding the whole theme splits nothing');
  }
  const themeIds = allThemeIds(synthesis);
  const created = parts.map((p) => {
    const indices = p.ids.map((id) => describer.indexOf.get(id)!);
    const built = buildTheme(describer, { direct: indices, subThemes: [] }, themeIds, 'person', parent ? 'sub:' : 'split:');
    return p.label === undefined ? built : { ...built, label: p.label, labelOrigin: 'person' as const };
  });
  const strip = (t: Theme): Theme => {
    const copy: Theme = { ...t, subThemes: t.subThemes.map(strip) };
    if (t.id === theme.id) removeMembers(copy, taken);
    return copy;
  };
  let themes = synthesis.themes.map(strip);
  if (parent) themes = themes.map((t) => (t.id === parent.id ? { ...t, subThemes: [...t.subThemes, ...created] } : t));
  else themes = [...themes, ...created];
  const changed = new Set([theme.id, ...(parent ? [parent.id] : []), ...created.map((c) => c.id)]);
  const next = settle({ ...synthesis, themes }, changed, describer);
  const remaining = allThemeIds(next).has(theme.id) ? brief(locate(next, theme.id).theme) : null;
  return finish(synthesis, next, {
    action: 'participation.synthesis.theme_split',
    before: { theme: brief(theme) },
    after: { remaining, created: created.map((c) => ({ ...brief(c), contributionIds: allMembers(c) })) },
    description: {
      fr: `Thème « ${theme.label} » scindé : ${created.map((c) => `« ${c.label} » (${c.size})`).join(', ')} ${created.length > 1 ? 'créés' : 'créé'}.`,
      en: `Theme "${theme.label}" split: ${created.map((c) => `"${c.label}" (${c.size})`).join(', ')} created.`,
    },
  });
}

export type MoveTarget = { themeId: string } | { standingAlone: true };

/** Moves contributions into a theme or sub-theme, or out of every theme to the standing-alone list. */
export function moveContributions(
  synthesis: Synthesis,
  describer: Describer,
  request: { contributionIds: readonly string[]; to: MoveTarget },
): OperationResult {
  const ids = [...new Set(request.contributionIds)];
  if (ids.length === 0) throw new SynthesisOperationError('participation.synthesis.invalid_change', 'Nothing to move');
  const placeOf = new Map<string, string | null>();
  for (const t of synthesis.themes) {
    for (const id of t.contributionIds) placeOf.set(id, t.id);
    for (const s of t.subThemes) for (const id of allMembers(s)) placeOf.set(id, s.id);
  }
  for (const s of synthesis.standingAlone) placeOf.set(s.contributionId, null);
  for (const id of ids) {
    if (!placeOf.has(id)) throw new SynthesisOperationError('participation.synthesis.contribution_not_found', `No contribution ${id} in this synthesis`);
  }
  const targetId = 'themeId' in request.to ? request.to.themeId : null;
  const target = targetId === null ? null : locate(synthesis, targetId);
  if (ids.every((id) => placeOf.get(id) === targetId)) {
    throw new SynthesisOperationError('participation.synthesis.invalid_change', 'These contributions are already there');
  }
  const moving = new Set(ids);
  const strip = (t: Theme): Theme => {
    const copy: Theme = { ...t, subThemes: t.subThemes.map(strip) };
    removeMembers(copy, moving);
    return copy;
  };
  let themes = synthesis.themes.map(strip);
  const add = (t: Theme): Theme =>
    t.id === targetId ? { ...t, contributionIds: [...t.contributionIds, ...ids].sort() } : { ...t, subThemes: t.subThemes.map(add) };
  if (targetId !== null) themes = themes.map(add);
  const standingAlone = synthesis.standingAlone.filter((s) => !moving.has(s.contributionId));
  if (targetId === null) {
    for (const id of ids) standingAlone.push({ contributionId: id, reason: 'moved-by-person' });
    standingAlone.sort((a, b) => a.contributionId.localeCompare(b.contributionId));
  }
  const sources = new Set([...ids].map((id) => placeOf.get(id)).filter((p): p is string => !!p));
  const parentsOf = (themeId: string) => {
    const l = locate(synthesis, themeId);
    return l.parent ? [l.parent.id, themeId] : [themeId];
  };
  const changed = new Set([...sources, ...(targetId ? [targetId] : [])].flatMap(parentsOf));
  const next = settle({ ...synthesis, themes, standingAlone }, changed, describer);
  const destination = target ? brief(locate(next, target.theme.id).theme) : null;
  return finish(synthesis, next, {
    action: 'participation.synthesis.contributions_moved',
    before: { places: ids.map((id) => ({ contributionId: id, themeId: placeOf.get(id) ?? null })) },
    after: { themeId: targetId, theme: destination },
    description: {
      fr: destination
        ? `${ids.length} contribution(s) déplacée(s) vers « ${destination.label} ».`
        : `${ids.length} contribution(s) retirée(s) des thèmes et listée(s) comme isolée(s).`,
      en: destination ? `${ids.length} contribution(s) moved to "${destination.label}".` : `${ids.length} contribution(s) taken out of the themes and listed as standing alone.`,
    },
  });
}

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
};

/**
 * After a new machine run (more contributions came in), gives each new theme the id and the
 * person-given label of the previous theme it mostly is (member overlap, Jaccard ≥ `threshold`,
 * best pairs first), so that links, history and people's names survive the re-run.
 */
export function carryOverThemes(next: Synthesis, previous: Synthesis, threshold = 0.5): Synthesis {
  const adoptedIds = new Set<string>();
  const adopters = new WeakSet<Theme>();
  const match = (nextThemes: Theme[], previousThemes: Theme[]): Theme[] => {
    const nextSets = nextThemes.map((t) => new Set(allMembers(t)));
    const prevSets = previousThemes.map((t) => new Set(allMembers(t)));
    const pairs: { n: number; p: number; score: number }[] = [];
    nextSets.forEach((ns, n) =>
      prevSets.forEach((ps, p) => {
        const score = jaccard(ns, ps);
        if (score >= threshold) pairs.push({ n, p, score });
      }),
    );
    pairs.sort((a, b) => b.score - a.score || a.n - b.n || a.p - b.p);
    const adopted = new Map<number, Theme>();
    const usedPrevious = new Set<number>();
    for (const pair of pairs) {
      if (adopted.has(pair.n) || usedPrevious.has(pair.p) || adoptedIds.has(previousThemes[pair.p]!.id)) continue;
      usedPrevious.add(pair.p);
      adoptedIds.add(previousThemes[pair.p]!.id);
      adopted.set(pair.n, previousThemes[pair.p]!);
    }
    return nextThemes.map((t, n) => {
      const before = adopted.get(n);
      if (!before) return { ...t, subThemes: match(t.subThemes, []) };
      const theme: Theme = {
        ...t,
        id: before.id,
        ...(before.labelOrigin === 'person' ? { label: before.label, labelOrigin: 'person' as const } : {}),
        subThemes: match(t.subThemes, before.subThemes),
      };
      adopters.add(theme);
      return theme;
    });
  };
  const matched = match(next.themes, previous.themes);
  // A theme that adopted nothing keeps its id, unless that id was adopted by another: then a fresh one.
  const used = new Set(adoptedIds);
  const renew = (t: Theme): Theme => {
    const subThemes = t.subThemes.map(renew);
    if (adopters.has(t)) return { ...t, subThemes };
    const id = used.has(t.id) ? newThemeId(`renew:${t.id}`, used) : t.id;
    used.add(id);
    return { ...t, id, subThemes };
  };
  const result = { ...next, themes: matched.map(renew) };
  assertSynthesisConsistent(result);
  return result;
}
