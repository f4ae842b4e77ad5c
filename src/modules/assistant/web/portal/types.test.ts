import { describe, expect, it } from 'vitest';
import { inlineRuns } from './types';

describe('answer sentences', () => {
  it('turns bold and links in answer sentences into runs', () => {
    expect(inlineRuns('Sur **rendez-vous**, voir [le site](https://x.fr).')).toEqual([
      { text: 'Sur ', strong: false },
      { text: 'rendez-vous', strong: true },
      { text: ', voir le site.', strong: false },
    ]);
  });
});
