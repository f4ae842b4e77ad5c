import { describe, expect, it } from 'vitest';
import { InputError, readFeatureCollection } from './features';

const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const feature = (properties: Record<string, unknown>, geometry: unknown = square(0)) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const read = (json: unknown, variables = ['v'], missingTokens?: string[]) => readFeatureCollection(json, { idProperty: 'code', variables, missingTokens });
const problemsOf = (json: unknown, variables = ['v']) => {
  try {
    read(json, variables);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).problems;
  }
  throw new Error('expected an InputError');
};

describe('reading features', () => {
  it('reads ids and numbers, numeric strings included, in file order', () => {
    const { areas, excluded } = read(collection(feature({ code: '75056', v: 3.5 }), feature({ code: 92012, v: ' 1e3 ' }, square(1))));
    expect(areas.map((a) => [a.index, a.id, a.values])).toEqual([
      [0, '75056', [3.5]],
      [1, '92012', [1000]],
    ]);
    expect(excluded).toEqual([]);
  });

  it('leaves a missing value out and lists it — never reads it as zero', () => {
    const { areas, excluded } = read(
      collection(feature({ code: 'a', v: 1, w: 2 }), feature({ code: 'b', v: null, w: 2 }), feature({ code: 'c', v: '', w: 's' }), feature({ code: 'd', v: 4, w: 's' })),
      ['v', 'w'],
      ['s'],
    );
    expect(areas.map((a) => a.id)).toEqual(['a']);
    expect(excluded).toEqual([
      { feature: 2, id: 'b', missing: ['v'] },
      { feature: 3, id: 'c', missing: ['v', 'w'] },
      { feature: 4, id: 'd', missing: ['w'] },
    ]);
  });

  it('refuses, naming each feature: no id, duplicated id, absent property, non-numeric value, invalid geometry', () => {
    const problems = problemsOf(
      collection(
        feature({ v: 1 }),
        feature({ code: 'x', v: 1 }),
        feature({ code: 'x', v: 2 }),
        feature({ code: 'y' }),
        feature({ code: 'z', v: 'abc' }),
        feature({ code: 'w', v: '12,5' }),
        feature({ code: 't', v: true }),
        feature({ code: 'bow', v: 1 }, { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] }),
        feature({ code: 'none', v: 1 }, null),
      ),
    );
    expect(problems).toEqual([
      'feature #1 has no usable id: its property "code" is absent',
      'feature #3 (code x) has the same id as feature #2',
      'feature #4 (code y) has no property "v"',
      'feature #5 (code z) has a non-numeric value "abc" in "v"',
      'feature #6 (code w) has a non-numeric value "12,5" in "v" (a decimal comma? write it with a point)',
      'feature #7 (code t) has a non-numeric value true in "v"',
      'feature #8 (code bow) has an invalid polygon: its outer ring crosses itself near (0, 0)',
      'feature #9 (code none) has no geometry',
    ]);
  });

  it('refuses what is not a FeatureCollection, and sums up long lists of problems', () => {
    expect(() => read({ type: 'Feature' })).toThrow(/not a GeoJSON FeatureCollection/);
    const many = collection(...Array.from({ length: 30 }, (_, i) => feature({ code: `c${i}`, v: 'n/a' })));
    expect(() => read(many)).toThrow(/30 problems in the input:[\s\S]*… and 10 more/);
  });
});
