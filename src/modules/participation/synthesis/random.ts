/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same seed gives the same synthesis. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 48-bit FNV-1a hash in base 36: short stable ids from strings, the same on every machine. */
export function stableHash(text: string): string {
  // Two 32-bit FNV-1a lanes with different offsets, combined: enough to make collisions between
  // the themes of one consultation negligible, and still checked by the callers.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 13);
  }
  const high = (h1 >>> 0) % 0x1000000;
  const low = (h2 >>> 0) % 0x1000000;
  return (high * 0x1000000 + low).toString(36).padStart(10, '0');
}
