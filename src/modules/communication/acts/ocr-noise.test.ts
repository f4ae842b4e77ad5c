import { describe, expect, it } from 'vitest';
import { addOcrNoise, seededRandom } from './ocr-noise.js';

const TEXT = 'Le Conseil municipal attribue une subvention de 1 500 000 € à l’association le 15 avril 2014. Pour : 43 — Contre : 12.';

describe('addOcrNoise', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(addOcrNoise(TEXT, { seed: 7 })).toBe(addOcrNoise(TEXT, { seed: 7 }));
    expect(addOcrNoise(TEXT, { seed: 7, confusion: 0.3 })).not.toBe(addOcrNoise(TEXT, { seed: 8, confusion: 0.3 }));
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('changes nothing at zero rates', () => {
    expect(addOcrNoise(TEXT, { confusion: 0, lineBreak: 0, strayNumberSpace: 0, accentLoss: 0 })).toBe(TEXT);
  });

  it('confuses look-alikes, breaks lines and splits numbers', () => {
    expect(addOcrNoise('0101 8585', { confusion: 1, lineBreak: 0, strayNumberSpace: 0, accentLoss: 0 })).toMatch(/^[Oo][lI][Oo][lI] B[S]B[S]$/);
    expect(addOcrNoise('un deux trois quatre', { confusion: 0, lineBreak: 1, strayNumberSpace: 0, accentLoss: 0 })).toContain('\n');
    expect(addOcrNoise('1 500 000 €', { confusion: 0, lineBreak: 0, strayNumberSpace: 1, accentLoss: 0 })).toMatch(/^1 \d+ \d+ \d+ €$|^1 5 ?0 ?0 ?0 ?0 ?0 €$/);
  });
});
