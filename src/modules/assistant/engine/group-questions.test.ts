import { describe, expect, it } from 'vitest';
import { groupQuestions } from './group-questions';

describe('groupQuestions', () => {
  it('groups wordings of the same need and keeps different needs apart', () => {
    const groups = groupQuestions([
      'Où garer mon camping-car ?',
      'où garer un camping-car en ville',
      'Stationnement des camping-cars ?',
      'Où garer mon camping-car ?',
      'Peut-on faire un barbecue dans le parc ?',
      'barbecue autorisé au parc ?',
      'Quand passe le marchand de glaces',
    ]);
    expect(groups.map((g) => g.count)).toEqual([4, 2, 1]);
    expect(groups[0]!.representative).toBe('Où garer mon camping-car ?');
    expect(groups[0]!.questions[0]).toEqual({ text: 'Où garer mon camping-car ?', count: 2 });
    // Words as residents wrote them, not stems ("garer", "camping-car", not "gar", "camping").
    expect(groups[0]!.terms).toEqual(expect.arrayContaining(['garer']));
    expect(groups[1]!.terms).toEqual(expect.arrayContaining(['barbecue', 'parc']));
    for (const g of groups) for (const t of g.terms) expect(g.questions.some((q) => q.text.toLowerCase().includes(t)), t).toBe(true);
    expect(groups[1]!.questions.map((q) => q.text).sort()).toEqual(['Peut-on faire un barbecue dans le parc ?', 'barbecue autorisé au parc ?'].sort());
  });

  it('is deterministic and handles empty input', () => {
    expect(groupQuestions([])).toEqual([]);
    expect(groupQuestions(['  ', ''])).toEqual([]);
    const a = groupQuestions(['a b c', 'piscine horaires', 'horaires de la piscine']);
    const b = groupQuestions(['a b c', 'piscine horaires', 'horaires de la piscine']);
    expect(a).toEqual(b);
  });

  it('respects the threshold', () => {
    const qs = ['horaires piscine', 'horaires mairie'];
    expect(groupQuestions(qs, { threshold: 0.99 })).toHaveLength(2);
    expect(groupQuestions(qs, { threshold: 0.01 })).toHaveLength(1);
  });
});
