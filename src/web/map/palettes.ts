/**
 * Colour-blind-safe palettes for choropleths: ColorBrewer's sequential and diverging schemes
 * (Brewer, Harrower & Penn State, Apache-2.0 licence; those marked colour-blind safe) and viridis
 * (van der Walt & Smith, CC0). Each is kept as its 9 (sequential) or 11 (diverging) reference
 * colours; k classes take k of them evenly spread, which keeps the scheme's perceptual order.
 */

export type PaletteName = 'viridis' | 'blues' | 'yl-or-rd' | 'pu-bu-gn' | 'rd-bu' | 'pu-or' | 'br-bg';

export const PALETTES: Record<PaletteName, { kind: 'sequential' | 'diverging'; colours: readonly string[] }> = {
  viridis: { kind: 'sequential', colours: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] },
  blues: { kind: 'sequential', colours: ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'] },
  'yl-or-rd': { kind: 'sequential', colours: ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'] },
  'pu-bu-gn': { kind: 'sequential', colours: ['#fff7fb', '#ece2f0', '#d0d1e6', '#a6bddb', '#67a9cf', '#3690c0', '#02818a', '#016c59', '#014636'] },
  'rd-bu': { kind: 'diverging', colours: ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'] },
  'pu-or': { kind: 'diverging', colours: ['#7f3b08', '#b35806', '#e08214', '#fdb863', '#fee0b6', '#f7f7f7', '#d8daeb', '#b2abd2', '#8073ac', '#542788', '#2d004b'] },
  'br-bg': { kind: 'diverging', colours: ['#543005', '#8c510a', '#bf812d', '#dfc27d', '#f6e8c3', '#f5f5f5', '#c7eae5', '#80cdc1', '#35978f', '#01665e', '#003c30'] },
};

/** k colours of a palette, light to dark (sequential) or end to end (diverging); `reverse` flips them. */
export function paletteColours(name: PaletteName, k: number, reverse = false): string[] {
  const { colours, kind } = PALETTES[name];
  let picked: string[];
  if (k <= 1) picked = [colours[Math.floor(colours.length / 2)]!];
  else if (kind === 'sequential' && name !== 'viridis') {
    // The lightest reference colour is nearly white: start one step in so that it stands out from "no data".
    const from = k <= colours.length - 1 ? 1 : 0;
    picked = Array.from({ length: k }, (_, c) => colours[Math.round(from + (c * (colours.length - 1 - from)) / (k - 1))]!);
  } else picked = Array.from({ length: k }, (_, c) => colours[Math.round((c * (colours.length - 1)) / (k - 1))]!);
  return reverse ? picked.reverse() : picked;
}

/**
 * Hatched grey is not available on a canvas; a mid grey with a dark outline marks "no data" —
 * dark enough to stay apart from the LISA map's light grey "not significant" for every reader.
 */
export const NO_DATA_COLOUR = '#bdbdbd';

/**
 * LISA cluster colours as GeoDa draws them (high-high red, low-low blue, low-high light blue,
 * high-low light red), from ColorBrewer's RdYlBu, which stays distinguishable with the common
 * colour-vision deficiencies; not significant in light grey.
 */
export const LISA_COLOURS = { HH: '#d7191c', LL: '#2c7bb6', LH: '#abd9e9', HL: '#fdae61', none: '#f0f0f0' } as const;
