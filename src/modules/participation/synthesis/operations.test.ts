import { describe, expect, it } from 'vitest';
import { allMembers } from './describe';
import {
  carryOverThemes,
  describerFor,
  mergeThemes,
  moveContributions,
  renameTheme,
  splitTheme,
  SynthesisOperationError,
} from './operations';
import { SAMPLE_CONTRIBUTIONS } from './sample-contributions';
import { assertSynthesisConsistent, synthesizeContributions } from './synthesize';
import type { Synthesis, Theme } from './types';

const offline = synthesizeContributions(SAMPLE_CONTRIBUTIONS);
const describer = describerFor(offline, SAMPLE_CONTRIBUTIONS);
const themeOf = (s: Synthesis, contributionId: string): Theme | undefined => s.themes.find((t) => allMembers(t).includes(contributionId));
const idOf = (contributionId: string) => themeOf(offline, contributionId)!.id;
const snapshot = JSON.stringify(offline);
const allIds = SAMPLE_CONTRIBUTIONS.map((c) => c.id);

function expectRefused(run: () => unknown, code: SynthesisOperationError['code']) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SynthesisOperationError);
    expect((err as SynthesisOperationError).code).toBe(code);
    return;
  }
  throw new Error('expected the operation to be refused');
}

describe('people’s operations on a synthesis', () => {
  it('renames a theme: the name is a person’s, the id stays, the change is described for the audit log', () => {
    const { synthesis, change } = renameTheme(offline, { themeId: idOf('c1'), label: '  Restauration   scolaire ' });
    expect(themeOf(synthesis, 'c1')).toMatchObject({ id: idOf('c1'), label: 'Restauration scolaire', labelOrigin: 'person' });
    expect(change).toMatchObject({
      action: 'participation.synthesis.theme_renamed',
      before: { themeId: idOf('c1'), label: themeOf(offline, 'c1')!.label, labelOrigin: 'keywords' },
      after: { themeId: idOf('c1'), label: 'Restauration scolaire', labelOrigin: 'person' },
    });
    expect(change.description.fr).toContain('« Restauration scolaire »');
    expect(synthesis.personChanges).toBe(1);
    expect(synthesis.methodology.text.fr).toContain('1 modification(s) ont été faites par des personnes');
    expect(JSON.stringify(offline)).toBe(snapshot);
  });

  it('refuses a bad name or an unknown theme, changing nothing', () => {
    expectRefused(() => renameTheme(offline, { themeId: idOf('c1'), label: '   ' }), 'participation.synthesis.invalid_change');
    expectRefused(() => renameTheme(offline, { themeId: idOf('c1'), label: 'x'.repeat(81) }), 'participation.synthesis.invalid_change');
    expectRefused(() => renameTheme(offline, { themeId: 'tnope', label: 'Ok' }), 'participation.synthesis.theme_not_found');
    expect(JSON.stringify(offline)).toBe(snapshot);
  });

  it('merges themes into the first one, which keeps its id; a person’s name survives, the machine describes the rest anew', () => {
    const named = renameTheme(offline, { themeId: idOf('v1'), label: 'Mobilités' }).synthesis;
    const { synthesis, change } = mergeThemes(named, describer, { themeIds: [idOf('v1'), idOf('e1')] });
    assertSynthesisConsistent(synthesis, allIds);
    expect(synthesis.themes).toHaveLength(2);
    const merged = themeOf(synthesis, 'e1')!;
    expect(merged).toMatchObject({ id: idOf('v1'), label: 'Mobilités', labelOrigin: 'person', size: 13 });
    expect(synthesis.themes.some((t) => t.id === idOf('e1'))).toBe(false);
    expect(merged.keywords).toEqual(expect.arrayContaining(['éclairage']));
    expect(merged.districts.reduce((s, d) => s + d.count, 0)).toBe(13);
    expect(change).toMatchObject({
      action: 'participation.synthesis.themes_merged',
      before: { themes: [{ id: idOf('v1'), size: 7 }, { id: idOf('e1'), size: 6 }] },
      after: { theme: { id: idOf('v1'), label: 'Mobilités', size: 13 } },
    });
    expect(synthesis.personChanges).toBe(2);
  });

  it('refuses to merge fewer than two themes or an unknown one', () => {
    expectRefused(() => mergeThemes(offline, describer, { themeIds: [idOf('v1'), idOf('v1')] }), 'participation.synthesis.invalid_change');
    expectRefused(() => mergeThemes(offline, describer, { themeIds: [idOf('v1'), 'tnope'] }), 'participation.synthesis.theme_not_found');
  });

  it('splits contributions off a theme into a new theme with a new id; the rest keeps the old id', () => {
    const { synthesis, change } = splitTheme(offline, describer, {
      themeId: idOf('c1'),
      parts: [{ contributionIds: ['c2', 'c4'], label: 'Prix et qualité des repas' }],
    });
    assertSynthesisConsistent(synthesis, allIds);
    const remaining = themeOf(synthesis, 'c1')!;
    const created = themeOf(synthesis, 'c4')!;
    expect(remaining.id).toBe(idOf('c1'));
    expect(new Set(allMembers(remaining))).toEqual(new Set(['c1', 'c3', 'c5', 'c6']));
    expect(created).toMatchObject({ label: 'Prix et qualité des repas', labelOrigin: 'person', createdBy: 'person', size: 2 });
    expect(created.id).not.toBe(idOf('c1'));
    expect(change).toMatchObject({
      action: 'participation.synthesis.theme_split',
      before: { theme: { id: idOf('c1'), size: 6 } },
      after: { remaining: { id: idOf('c1'), size: 4 }, created: [{ id: created.id, size: 2, contributionIds: ['c2', 'c4'] }] },
    });
    // The same split again from the same synthesis gives the same id: ids do not depend on the clock.
    expect(themeOf(splitTheme(offline, describer, { themeId: idOf('c1'), parts: [{ contributionIds: ['c2', 'c4'] }] }).synthesis, 'c4')!.id).toBe(created.id);
  });

  it('refuses a split with a contribution of another theme, one in two parts, or that splits nothing', () => {
    expectRefused(() => splitTheme(offline, describer, { themeId: idOf('c1'), parts: [{ contributionIds: ['c2', 'v1'] }] }), 'participation.synthesis.contribution_not_found');
    expectRefused(
      () => splitTheme(offline, describer, { themeId: idOf('c1'), parts: [{ contributionIds: ['c2'] }, { contributionIds: ['c2', 'c3'] }] }),
      'participation.synthesis.invalid_change',
    );
    expectRefused(
      () => splitTheme(offline, describer, { themeId: idOf('c1'), parts: [{ contributionIds: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] }] }),
      'participation.synthesis.invalid_change',
    );
  });

  it('moves contributions into a theme, out of the standing-alone list, and back out of every theme', () => {
    const into = moveContributions(offline, describer, { contributionIds: ['x1'], to: { themeId: idOf('e1') } });
    assertSynthesisConsistent(into.synthesis, allIds);
    expect(themeOf(into.synthesis, 'x1')!.id).toBe(idOf('e1'));
    expect(into.synthesis.standingAlone.map((s) => s.contributionId)).toEqual(['x2']);
    expect(into.change).toMatchObject({
      action: 'participation.synthesis.contributions_moved',
      before: { places: [{ contributionId: 'x1', themeId: null }] },
      after: { themeId: idOf('e1'), theme: { size: 7 } },
    });

    const out = moveContributions(into.synthesis, describer, { contributionIds: ['v6'], to: { standingAlone: true } });
    assertSynthesisConsistent(out.synthesis, allIds);
    expect(out.synthesis.standingAlone).toContainEqual({ contributionId: 'v6', reason: 'moved-by-person' });
    const cycling = themeOf(out.synthesis, 'v1')!;
    expect(cycling.size).toBe(6);
    // v6 was the one against; without it, nobody disagrees with the cycling majority.
    expect(cycling.dissent).toEqual([]);
    expect(out.synthesis.personChanges).toBe(2);
  });

  it('refuses to move an unknown contribution, to an unknown theme, or where it already is', () => {
    expectRefused(() => moveContributions(offline, describer, { contributionIds: ['zz'], to: { themeId: idOf('e1') } }), 'participation.synthesis.contribution_not_found');
    expectRefused(() => moveContributions(offline, describer, { contributionIds: ['v1'], to: { themeId: 'tnope' } }), 'participation.synthesis.theme_not_found');
    expectRefused(() => moveContributions(offline, describer, { contributionIds: ['x1'], to: { standingAlone: true } }), 'participation.synthesis.invalid_change');
  });

  it('withdraws what a model wrote of a theme whose members changed, keeping only claims still supported', () => {
    const withClaims: Synthesis = {
      ...offline,
      themes: offline.themes.map((t) =>
        t.id === idOf('v1')
          ? {
              ...t,
              summary: 'Résumé.',
              claims: [
                { text: 'Soutenue par v1 et v6.', supportingContributionIds: ['v1', 'v6'], quotes: [] },
                { text: 'Soutenue par v6 seule.', supportingContributionIds: ['v6'], quotes: [] },
              ],
            }
          : t,
      ),
    };
    const { synthesis } = moveContributions(withClaims, describer, { contributionIds: ['v6'], to: { standingAlone: true } });
    const cycling = themeOf(synthesis, 'v1')!;
    expect(cycling.summary).toBeNull();
    expect(cycling.claims).toEqual([{ text: 'Soutenue par v1 et v6.', supportingContributionIds: ['v1'], quotes: [] }]);
  });

  it('removes a theme emptied by a move', () => {
    const { synthesis } = moveContributions(offline, describer, { contributionIds: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], to: { themeId: idOf('e1') } });
    assertSynthesisConsistent(synthesis, allIds);
    expect(synthesis.themes.map((t) => t.id)).not.toContain(idOf('c1'));
  });

  it('carries theme ids and people’s names over to a new run with more contributions', () => {
    const named = renameTheme(offline, { themeId: idOf('c1'), label: 'Restauration scolaire' }).synthesis;
    const more = [
      ...SAMPLE_CONTRIBUTIONS,
      { id: 'c7', text: 'Les repas de la cantine manquent de légumes frais.' },
      { id: 'e7', text: 'Un lampadaire clignote devant l’école, l’éclairage est à revoir.' },
    ];
    const rerun = carryOverThemes(synthesizeContributions(more), named);
    assertSynthesisConsistent(rerun, more.map((c) => c.id));
    expect(themeOf(rerun, 'c7')).toMatchObject({ id: idOf('c1'), label: 'Restauration scolaire', labelOrigin: 'person' });
    expect(themeOf(rerun, 'e7')!.id).toBe(idOf('e1'));
    expect(themeOf(rerun, 'v1')!.id).toBe(idOf('v1'));
  });
});
