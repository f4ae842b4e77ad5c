import { describe, expect, it } from 'vitest';
import { allMembers } from './describe';
import { checkQuote } from './quote-check';
import { SAMPLE_CONTRIBUTIONS } from './sample-contributions';
import { assertSynthesisConsistent, DEFAULT_SYNTHESIS_PARAMETERS, synthesizeContributions } from './synthesize';
import type { Synthesis, Theme } from './types';

const sourceOf = (id: string) => SAMPLE_CONTRIBUTIONS.find((c) => c.id === id)?.text;
const themeHolding = (s: Synthesis, id: string): Theme => s.themes.find((t) => allMembers(t).includes(id))!;
const memberSet = (t: Theme) => new Set(allMembers(t));

describe('offline synthesis of a small French consultation', () => {
  const synthesis = synthesizeContributions(SAMPLE_CONTRIBUTIONS);

  it('finds the three obvious themes, without being told how many', () => {
    expect(synthesis.themes).toHaveLength(3);
    expect(memberSet(themeHolding(synthesis, 'v1'))).toEqual(new Set(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']));
    expect(memberSet(themeHolding(synthesis, 'c1'))).toEqual(new Set(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']));
    expect(memberSet(themeHolding(synthesis, 'e1'))).toEqual(new Set(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']));
  });

  it('labels them with their own words, as written', () => {
    const label = (id: string) => themeHolding(synthesis, id).label.toLowerCase();
    expect(label('v1')).toMatch(/vélo|piste cyclable|pistes cyclables/);
    expect(label('c1')).toMatch(/cantine|repas/);
    expect(label('e1')).toMatch(/éclairage|lampadaire/);
    expect(themeHolding(synthesis, 'v1').keywords).toContain('pistes cyclables');
    // Words of asking and quantity say nothing of a theme.
    for (const t of synthesis.themes) expect(t.keywords).not.toContain('plus');
  });

  it('keeps the contributions that stand alone, listed, never dropped', () => {
    expect(synthesis.standingAlone.map((s) => s.contributionId).sort()).toEqual(['x1', 'x2']);
    expect(synthesis.standingAlone.every((s) => s.reason === 'no-similar-contribution')).toBe(true);
    assertSynthesisConsistent(synthesis, SAMPLE_CONTRIBUTIONS.map((c) => c.id));
    expect(synthesis.contributionCount).toBe(SAMPLE_CONTRIBUTIONS.length);
  });

  it('lists the contribution that goes against the theme’s majority, with the words that say so', () => {
    const cycling = themeHolding(synthesis, 'v1');
    expect(cycling.majorityStance).toBe('for');
    expect(cycling.dissent).toHaveLength(1);
    expect(cycling.dissent[0]).toMatchObject({ contributionId: 'v6', stance: 'against', cue: { text: 'contre' } });
    expect(checkQuote(cycling.dissent[0]!.cue, sourceOf).ok).toBe(true);
  });

  it('gives representatives and verbatim quotes of each theme', () => {
    for (const t of synthesis.themes) {
      expect(t.representativeIds.length).toBeGreaterThan(0);
      expect(t.representativeIds.every((id) => memberSet(t).has(id))).toBe(true);
      expect(t.quotes.length).toBeGreaterThan(0);
      for (const q of t.quotes) {
        expect(memberSet(t).has(q.contributionId)).toBe(true);
        expect(sourceOf(q.contributionId)!.slice(q.start, q.end)).toBe(q.text);
      }
      expect(t.summary).toBeNull();
      expect(t.claims).toEqual([]);
    }
  });

  it('counts the spread across districts and age bands against the whole consultation', () => {
    const canteen = themeHolding(synthesis, 'c1');
    expect(canteen.districts.reduce((s, d) => s + d.count, 0)).toBe(canteen.size);
    const north = canteen.districts.find((d) => d.value === 'Nord')!;
    expect(north).toMatchObject({ count: 2, share: 2 / 6 });
    expect(north.overallShare).toBeCloseTo(SAMPLE_CONTRIBUTIONS.filter((c) => c.district === 'Nord').length / SAMPLE_CONTRIBUTIONS.length);
    expect(canteen.ageBands.find((a) => a.value === '30-44')).toMatchObject({ count: 3 });
  });

  it('is deterministic, and its theme ids do not depend on the order contributions come in', () => {
    expect(synthesizeContributions(SAMPLE_CONTRIBUTIONS)).toEqual(synthesis);
    const reversed = synthesizeContributions([...SAMPLE_CONTRIBUTIONS].reverse());
    const ids = (s: Synthesis) => s.themes.map((t) => [t.id, [...memberSet(t)].sort()]).sort();
    expect(ids(reversed)).toEqual(ids(synthesis));
  });

  it('writes its methodology from the parameters it used', () => {
    const custom = synthesizeContributions(SAMPLE_CONTRIBUTIONS, { parameters: { neighbours: 7, quotesPerTheme: 2 } });
    expect(custom.methodology.parameters).toMatchObject({ ...DEFAULT_SYNTHESIS_PARAMETERS, neighbours: 7, quotesPerTheme: 2 });
    expect(custom.methodology.text.fr).toContain('ses 7 voisines');
    expect(custom.methodology.text.en).toContain('its 7 nearest neighbours');
    expect(custom.methodology.text.en).toContain('up to 2 verbatim quotes');
    expect(custom.methodology.text.en).toContain('3 theme(s)');
    expect(custom.methodology.text.en).toContain('No language model was used');
    expect(custom.generation.mode).toBe('offline');
  });

  it('handles an empty consultation, and refuses duplicate ids', () => {
    const empty = synthesizeContributions([]);
    expect(empty.themes).toEqual([]);
    expect(empty.standingAlone).toEqual([]);
    expect(() => synthesizeContributions([SAMPLE_CONTRIBUTIONS[0]!, SAMPLE_CONTRIBUTIONS[0]!])).toThrow(/twice/);
  });

  it('nests the groups of a larger theme as its sub-themes', () => {
    // Two kinds of cycling contributions, bike parking and interrupted cycle lanes, with the
    // other themes of the sample. A finer group resolution than the default makes them two groups.
    const places = ['la gare', 'la mairie', 'l’école', 'la piscine', 'la poste', 'la médiathèque'];
    const streets = ['l’avenue Foch', 'la rue Thiers', 'la rue Bayle', 'l’avenue de Paris', 'la rue Defrance', 'la rue Raspail'];
    const parking = places.map((p, i) => ({ id: `p${i}`, text: `Il manque des arceaux pour garer les vélos près de ${p} : les cyclistes attachent leur vélo aux grilles.` }));
    const lanes = streets.map((p, i) => ({ id: `l${i}`, text: `La piste cyclable de ${p} s’interrompt : les cyclistes et leurs vélos se retrouvent entre les voitures.` }));
    const others = SAMPLE_CONTRIBUTIONS.filter((c) => !c.id.startsWith('v'));
    const s = synthesizeContributions([...parking, ...lanes, ...others], { parameters: { groupResolution: 0.2 } });
    assertSynthesisConsistent(s);
    const cycling = themeHolding(s, 'p0');
    expect(cycling.size).toBe(12);
    expect(cycling.subThemes.map((sub) => [...memberSet(sub)].sort())).toEqual(
      expect.arrayContaining([parking.map((p) => p.id), lanes.map((l) => l.id)]),
    );
    expect(cycling.label.toLowerCase()).toMatch(/vélo|cyclistes/);
    expect(cycling.subThemes.find((sub) => memberSet(sub).has('l0'))!.label.toLowerCase()).toContain('piste cyclable');
    expect([...memberSet(cycling)].some((id) => id.startsWith('c') || id.startsWith('e'))).toBe(false);
  });
});
