import { describe, expect, it } from 'vitest';
import { LISA_COLOURS, NO_DATA_COLOUR, PALETTES, paletteColours, type PaletteName } from './palettes';

/**
 * "Colour-blind safe" checked, not only claimed: the colours are passed through the simulations
 * of dichromacy by Machado, Oliveira & Fernandes (IEEE TVCG 2009, severity 1.0, applied to linear
 * RGB), and what a reader must tell apart is checked in CIELAB: a sequential scheme's lightness
 * keeps its order with each class visibly apart from the next (3 L* units, or a colour difference
 * ΔE*ab of 6 where lightness alone is closer), a diverging one's rises to its middle and falls
 * after, and the LISA classes, "not significant" and "no data" stay apart from each other.
 */
const MACHADO: Record<string, number[][]> = {
  none: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** CIELAB (D65) of a hex colour as seen with the given vision. */
function lab(hex: string, vision: string): [number, number, number] {
  const srgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map(toLinear);
  const m = MACHADO[vision]!;
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0]! * srgb[0]! + row[1]! * srgb[1]! + row[2]! * srgb[2]!)));
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE = (p: [number, number, number], q: [number, number, number]) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
const VISIONS = Object.keys(MACHADO);
/** Lightness steps smaller than this are hard to read on a map (CIELAB L* units); twice it in ΔE*ab. */
const MIN_STEP = 3;

describe('choropleth palettes for every reader', () => {
  it('reproduces the reference conversions (white, black and sRGB red in CIELAB)', () => {
    expect(lab('#ffffff', 'none')[0]).toBeCloseTo(100, 1);
    expect(lab('#000000', 'none')[0]).toBeCloseTo(0, 6);
    const red = lab('#ff0000', 'none');
    expect(red[0]).toBeCloseTo(53.24, 1);
    expect(red[1]).toBeCloseTo(80.09, 0);
  });

  for (const [name, palette] of Object.entries(PALETTES) as [PaletteName, (typeof PALETTES)[PaletteName]][]) {
    it(`${name}: its classes keep their order of lightness with normal vision and each dichromacy, 3 to 9 classes`, () => {
      for (const vision of VISIONS) {
        for (let k = 3; k <= (palette.kind === 'sequential' ? 9 : 11); k++) {
          const seen = paletteColours(name, k).map((c) => lab(c, vision));
          const l = seen.map((c) => c[0]);
          const steps = l.slice(1).map((v, i) => v - l[i]!);
          if (palette.kind === 'sequential') {
            // Light to dark (viridis dark to light): one direction all along, and each class
            // visibly apart from the next (by lightness, or by colour where lightness is close).
            const sign = Math.sign(steps[0]!);
            const label = `${name}, ${vision}, k=${k}: L* ${l.map((v) => v.toFixed(1)).join(' ')}`;
            steps.forEach((s, i) => {
              expect(s * sign, label).toBeGreaterThan(0);
              expect(Math.max(s * sign, deltaE(seen[i]!, seen[i + 1]!) / 2), label).toBeGreaterThan(MIN_STEP);
            });
          } else {
            // Dark ends, light middle: up to the middle, down after.
            const middle = (k - 1) / 2;
            steps.forEach((s, i) => {
              if (i + 1 <= Math.floor(middle)) expect(s, `${name}, ${vision}, k=${k}`).toBeGreaterThan(0);
              if (i >= Math.ceil(middle)) expect(s, `${name}, ${vision}, k=${k}`).toBeLessThan(0);
            });
          }
        }
      }
    });
  }

  it('keeps the four LISA classes, "not significant" and "no data" apart for every reader', () => {
    const colours = { ...LISA_COLOURS, noData: NO_DATA_COLOUR };
    for (const vision of VISIONS) {
      const entries = Object.entries(colours).map(([k, c]) => [k, lab(c, vision)] as const);
      for (let i = 0; i < entries.length; i++) {
        for (let j = i + 1; j < entries.length; j++) {
          const [a, p] = entries[i]!;
          const [b, q] = entries[j]!;
          expect(deltaE(p, q), `${a} / ${b}, ${vision}`).toBeGreaterThan(10);
        }
      }
    }
  });
});
