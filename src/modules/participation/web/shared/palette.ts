/**
 * How opinion groups are drawn: each group has a letter, a colour from the Okabe–Ito palette
 * (distinguishable with the common colour-vision deficiencies; the purple is darkened so that
 * every mark is at least 3:1 against white) and a marker shape of its own, so that no group is
 * told apart by colour alone.
 */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

export interface GroupStyle {
  letter: string;
  colour: string;
  shape: MarkerShape;
}

const STYLES: readonly Omit<GroupStyle, 'letter'>[] = [
  { colour: '#0072B2', shape: 'circle' },
  { colour: '#D55E00', shape: 'square' },
  { colour: '#009E73', shape: 'triangle' },
  { colour: '#B05C95', shape: 'diamond' },
  { colour: '#000000', shape: 'cross' },
];

/** Participants the computation has not grouped yet (too few votes). */
export const UNGROUPED: Omit<GroupStyle, 'letter'> = { colour: '#767676', shape: 'circle' };

/** Groups are numbered from 0 by the computation; people read them as A, B, C… */
export function groupStyle(groupId: number): GroupStyle {
  const style = STYLES[groupId % STYLES.length]!;
  return { ...style, letter: String.fromCharCode(65 + (groupId % 26)) };
}

/** The SVG path of a marker of `size` (its half-width) centred on (x, y). */
export function markerPath(shape: MarkerShape, x: number, y: number, size: number): string {
  const s = size;
  switch (shape) {
    case 'circle':
      return `M ${x - s} ${y} a ${s} ${s} 0 1 0 ${2 * s} 0 a ${s} ${s} 0 1 0 ${-2 * s} 0 Z`;
    case 'square': {
      const h = s * 0.9;
      return `M ${x - h} ${y - h} H ${x + h} V ${y + h} H ${x - h} Z`;
    }
    case 'triangle':
      return `M ${x} ${y - s * 1.1} L ${x + s * 1.05} ${y + s * 0.8} L ${x - s * 1.05} ${y + s * 0.8} Z`;
    case 'diamond':
      return `M ${x} ${y - s * 1.2} L ${x + s * 1.2} ${y} L ${x} ${y + s * 1.2} L ${x - s * 1.2} ${y} Z`;
    case 'cross': {
      const a = s * 1.1;
      const b = s * 0.38;
      return `M ${x - b} ${y - a} H ${x + b} V ${y - b} H ${x + a} V ${y + b} H ${x + b} V ${y + a} H ${x - b} V ${y + b} H ${x - a} V ${y - b} H ${x - b} Z`;
    }
  }
}
