/**
 * A seeded pseudo-random generator for permutation inference: xoshiro128** (Blackman & Vigna,
 * 2018), seeded through splitmix32 so that neighbouring seeds give unrelated streams. It works on
 * 32-bit integers only, so it runs at full speed in JavaScript, and the same seed gives the same
 * draws on every machine: a published pseudo p-value can be reproduced exactly.
 */

export interface RandomSource {
  /** The next 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, bound), without modulo bias. `bound` is at least 1. */
  below(bound: number): number;
  /** A uniform float in [0, 1). */
  nextFloat(): number;
  /**
   * Fills out[0..k) with k distinct integers of [0, bound), uniform over the ordered k-tuples
   * (k ≤ bound). The conditional-permutation hot loop: no allocation after the first call.
   */
  sampleDistinct(out: Int32Array, k: number, bound: number): void;
}

/** Up to this many draws, rejecting repeats beats shuffling a pool: the repeat check stays in L1. */
const REJECTION_SAMPLING_LIMIT = 24;

const TWO_POW_32 = 4294967296;
const INVERSE_TWO_POW_32 = 1 / TWO_POW_32;
/** Below this bound, `uint32 × bound` is exact in a double, which Lemire's method needs. */
const EXACT_PRODUCT_LIMIT = 2 ** 21;

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** Accepts any safe integer (negative too): both of its 32-bit halves feed the seed. */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, not ${seed}`);
  const low = seed % TWO_POW_32 | 0;
  const high = Math.floor(seed / TWO_POW_32) | 0;
  let mix = low ^ Math.imul(high, 0x27d4eb2d);
  const s = new Uint32Array(4);
  for (let k = 0; k < 4; k++) {
    const [next, out] = splitmix32(mix);
    mix = next;
    s[k] = out;
  }
  // The all-zero state is the generator's one fixed point.
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  return new Xoshiro128(s[0]! | 0, s[1]! | 0, s[2]! | 0, s[3]! | 0);
}

/** A class with small-integer fields: V8 keeps the state in registers and inlines the calls. */
class Xoshiro128 implements RandomSource {
  constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
  ) {}

  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    let s2 = this.s2 ^ this.s0;
    let s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    this.s2 = s2;
    this.s3 = s3;
    return result;
  }

  below(bound: number): number {
    if (bound < EXACT_PRODUCT_LIMIT) {
      if (bound <= 1) return 0;
      // Lemire (2019), "Fast random integer generation in an interval": the high word of
      // x·bound is uniform once the few low words below the threshold are rejected. The product
      // is exact in a double; dividing by 2^32 and flooring are exact too (no slow fmod).
      let product = this.nextUint32() * bound;
      let high = Math.floor(product * INVERSE_TWO_POW_32);
      let low = product - high * TWO_POW_32;
      if (low < bound) {
        const threshold = (TWO_POW_32 - bound) % bound;
        while (low < threshold) {
          product = this.nextUint32() * bound;
          high = Math.floor(product * INVERSE_TWO_POW_32);
          low = product - high * TWO_POW_32;
        }
      }
      return high;
    }
    // Larger bounds: 53 random bits; the bias, below bound / 2^53, is far under any test's reach.
    return Math.floor(this.nextFloat() * bound);
  }

  nextFloat(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  private pool: Int32Array | null = null;

  sampleDistinct(out: Int32Array, k: number, bound: number): void {
    if (k > bound) throw new Error(`cannot draw ${k} distinct values out of ${bound}`);
    if (k <= REJECTION_SAMPLING_LIMIT && bound < EXACT_PRODUCT_LIMIT) {
      // Independent uniform draws, a repeat redrawn: the accepted tuple is uniform over the
      // tuples of distinct values. Repeats are rare (about k²/2·bound of the tuples).
      const threshold = (TWO_POW_32 - bound) % bound;
      for (let j = 0; j < k; j++) {
        let value: number;
        for (;;) {
          let product = this.nextUint32() * bound;
          let high = Math.floor(product * INVERSE_TWO_POW_32);
          let low = product - high * TWO_POW_32;
          while (low < threshold) {
            product = this.nextUint32() * bound;
            high = Math.floor(product * INVERSE_TWO_POW_32);
            low = product - high * TWO_POW_32;
          }
          value = high;
          let repeated = false;
          for (let m = 0; m < j; m++) {
            if (out[m] === value) {
              repeated = true;
              break;
            }
          }
          if (!repeated) break;
        }
        out[j] = value;
      }
      return;
    }
    // Partial Fisher–Yates over a pool kept between calls: whatever order the pool is left in,
    // the next k picks are again a uniform tuple.
    if (!this.pool || this.pool.length !== bound) this.pool = Int32Array.from({ length: bound }, (_, v) => v);
    const pool = this.pool;
    for (let j = 0; j < k; j++) {
      const pick = j + this.below(bound - j);
      const drawn = pool[pick]!;
      pool[pick] = pool[j]!;
      pool[j] = drawn;
      out[j] = drawn;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(values: Float64Array, random: RandomSource): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}
