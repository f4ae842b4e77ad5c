import type { CompiledInstance, QuotaBounds } from './model';

/** A panel as "how many members of each class": class indices ascending, counts ≥ 1. */
export interface ClassPanel {
  classes: Int32Array;
  counts: Int32Array;
}

export function panelKey(panel: ClassPanel): string {
  let key = '';
  for (let i = 0; i < panel.classes.length; i++) key += `${panel.classes[i]}:${panel.counts[i]},`;
  return key;
}

export function panelFromDense(dense: ArrayLike<number>): ClassPanel {
  const classes: number[] = [];
  const counts: number[] = [];
  for (let c = 0; c < dense.length; c++) {
    const x = Math.round(dense[c]!);
    if (x > 0) {
      classes.push(c);
      counts.push(x);
    }
  }
  return { classes: Int32Array.from(classes), counts: Int32Array.from(counts) };
}

export function panelToDense(panel: ClassPanel, classCount: number): Int32Array {
  const dense = new Int32Array(classCount);
  for (let i = 0; i < panel.classes.length; i++) dense[panel.classes[i]!] = panel.counts[i]!;
  return dense;
}

export function panelWeight(panel: ClassPanel, weightPerMember: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < panel.classes.length; i++) sum += weightPerMember[panel.classes[i]!]! * panel.counts[i]!;
  return sum;
}

export function defaultBounds(compiled: CompiledInstance): QuotaBounds {
  return { min: compiled.values.map((v) => v.min), max: compiled.values.map((v) => v.max) };
}

const GAIN_EPSILON = 1e-12;

/**
 * Local search over feasible panels: exchanges one member of a class for one of another class
 * while every quota and household stays satisfied, as long as the exchange raises the panel's
 * weight. A heuristic: it finds improving panels quickly; the exact MIP decides when it finds none.
 */
export class PanelSearch {
  private readonly featureCount: number;
  private readonly classValues: Int32Array;
  private readonly caps: Int32Array;
  private readonly householdOf: Int32Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly x: Int32Array;
  private readonly perValue: Int32Array;
  private readonly perHousehold: Int32Array;

  constructor(
    private readonly compiled: CompiledInstance,
    bounds: QuotaBounds,
    /** Classes that may not be chosen (cap forced to 0). */
    excluded?: ReadonlySet<number>,
  ) {
    const T = compiled.classes.length;
    this.featureCount = compiled.features.length;
    this.classValues = new Int32Array(T * this.featureCount);
    this.caps = new Int32Array(T);
    this.householdOf = new Int32Array(T);
    compiled.classes.forEach((cls, c) => {
      for (let f = 0; f < this.featureCount; f++) this.classValues[c * this.featureCount + f] = cls.values[f]!;
      this.caps[c] = excluded?.has(c) ? 0 : cls.cap;
      this.householdOf[c] = cls.household;
    });
    this.lo = Int32Array.from(bounds.min);
    this.hi = Int32Array.from(bounds.max);
    this.x = new Int32Array(T);
    this.perValue = new Int32Array(compiled.values.length);
    this.perHousehold = new Int32Array(Math.max(1, compiled.households.length));
  }

  load(panel: ClassPanel): void {
    this.x.fill(0);
    this.perValue.fill(0);
    this.perHousehold.fill(0);
    for (let i = 0; i < panel.classes.length; i++) this.add(panel.classes[i]!, panel.counts[i]!);
  }

  private add(c: number, n: number): void {
    this.x[c]! += n;
    const F = this.featureCount;
    for (let f = 0; f < F; f++) this.perValue[this.classValues[c * F + f]!]! += n;
    const h = this.householdOf[c]!;
    if (h >= 0) this.perHousehold[h]! += n;
  }

  private canSwap(out: number, into: number): boolean {
    if (this.x[into]! >= this.caps[into]!) return false;
    const F = this.featureCount;
    for (let f = 0; f < F; f++) {
      const va = this.classValues[out * F + f]!;
      const vb = this.classValues[into * F + f]!;
      if (va === vb) continue;
      if (this.perValue[va]! - 1 < this.lo[va]!) return false;
      if (this.perValue[vb]! + 1 > this.hi[vb]!) return false;
    }
    const h = this.householdOf[into]!;
    if (h >= 0 && h !== this.householdOf[out]! && this.perHousehold[h]! > 0) return false;
    return true;
  }

  /**
   * Improving exchanges until none is left (or `maxSwaps`). `order` lists the classes by
   * decreasing weight. Returns the number of exchanges made.
   */
  improve(weights: ArrayLike<number>, order: ArrayLike<number>, maxSwaps = Infinity): number {
    let swaps = 0;
    const inPanel: number[] = [];
    for (let c = 0; c < this.x.length; c++) if (this.x[c]! > 0) inPanel.push(c);
    inPanel.sort((a, b) => weights[a]! - weights[b]!);
    while (swaps < maxSwaps) {
      let done = false;
      const lowest = weights[inPanel[0]!]!;
      for (let i = 0; i < order.length && !done; i++) {
        const into = order[i]!;
        const wInto = weights[into]!;
        if (wInto - lowest <= GAIN_EPSILON) break;
        if (this.x[into]! >= this.caps[into]!) continue;
        for (let j = 0; j < inPanel.length; j++) {
          const out = inPanel[j]!;
          if (wInto - weights[out]! <= GAIN_EPSILON) break;
          if (out === into || !this.canSwap(out, into)) continue;
          this.add(out, -1);
          const wasIn = this.x[into]! > 0;
          this.add(into, 1);
          if (this.x[out] === 0) inPanel.splice(j, 1);
          if (!wasIn) {
            // Keep `inPanel` sorted by weight.
            let at = 0;
            while (at < inPanel.length && weights[inPanel[at]!]! < wInto) at++;
            inPanel.splice(at, 0, into);
          }
          swaps++;
          done = true;
          break;
        }
      }
      if (!done) break;
    }
    return swaps;
  }

  current(): ClassPanel {
    return panelFromDense(this.x);
  }
}

/** Classes by decreasing weight (ties by index, for determinism). */
export function orderByWeight(weights: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: weights.length }, (_, i) => i);
  order.sort((a, b) => weights[b]! - weights[a]! || a - b);
  return order;
}
