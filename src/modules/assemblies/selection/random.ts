import { createHash } from 'node:crypto';

/**
 * Two sources of seeded randomness.
 *
 * `HashStream` is the documented, verifiable one, used for public draws: anyone can re-derive
 * its numbers with any SHA-256 implementation (see ../README.md, "Verifying a draw").
 * `fastRandom` is a small non-cryptographic generator (sfc32) for simulations and synthetic pools,
 * where speed matters and nothing has to be re-derived by hand.
 */

/**
 * Block i is SHA-256(key ‖ uint32be(i)), i = 0, 1, …; the stream is the concatenation of the blocks.
 * `nextBelow(m)` reads 6 bytes as a big-endian integer u < 2^48 and returns u mod m, rejecting
 * (and reading the next 6 bytes) when u ≥ floor(2^48 / m)·m, so that every result is exactly
 * equally likely.
 */
export class HashStream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(private readonly key: Buffer) {}

  private bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    let filled = 0;
    while (filled < n) {
      if (this.offset >= this.block.length) {
        const index = Buffer.alloc(4);
        index.writeUInt32BE(this.counter++);
        this.block = createHash('sha256').update(this.key).update(index).digest();
        this.offset = 0;
      }
      const take = Math.min(n - filled, this.block.length - this.offset);
      this.block.copy(out, filled, this.offset, this.offset + take);
      this.offset += take;
      filled += take;
    }
    return out;
  }

  /** A uniform integer in [0, m), m ≤ 2^48. */
  nextBelow(m: number): number {
    if (!Number.isSafeInteger(m) || m < 1 || m > 2 ** 48) throw new RangeError(`nextBelow needs 1 ≤ m ≤ 2^48 (got ${m})`);
    const limit = Math.floor(2 ** 48 / m) * m;
    for (;;) {
      const u = this.bytes(6).readUIntBE(0, 6);
      if (u < limit) return u % m;
    }
  }
}

export interface FastRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, m). */
  below(m: number): number;
}

/** sfc32 seeded from SHA-256 of the seed's text. */
export function fastRandom(seed: string | number): FastRandom {
  const h = createHash('sha256').update(String(seed)).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12) | 1;
  const nextUint = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint();
  const next = (): number => (nextUint() * 2 ** 21 + (nextUint() >>> 11)) / 2 ** 53;
  return { next, below: (m) => Math.floor(next() * m) };
}
