import type { CountRow } from './decompose';
import { panelFromDense, type ClassPanel } from './panels';

const ROW_SLACK = 1e-9;
/**
 * Exchanges tried as the first of a pair when no single exchange lowers the violation. Six instead
 * of 24: the pairs found beyond the sixth rarely spare a MIP (1,107 classes: 283 MIPs instead of
 * 265), while looking at them cost most of the repair's time (8.4 s instead of 2.4 s).
 */
const FIRST_MOVES = 6;
/** Past every row index (the end of a class's entries in a merge). */
const NO_ROW = 0x7fffffff;

/**
 * Local search for an integral panel on a face of Q: every class count within [lower, upper],
 * every row within [lower, upper] (equal bounds for the rows tight on the face). `repair` brings
 * the previous step's panel onto the new face by exchanges (one member of a class for one of
 * another) that each reduce the total violation; `improve` raises the panel's weight by exchanges
 * that keep it on the face. When the repair is stuck, the caller asks the MIP.
 */
export class FaceSearch {
  private readonly T: number;
  private readonly entryStart: Int32Array;
  private readonly entryRow: Int32Array;
  private readonly entryValue: Float64Array;
  private readonly rowMembers: Int32Array[];
  private readonly x: Int32Array;
  private readonly activity: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;

  constructor(
    classCount: number,
    private readonly rows: readonly CountRow[],
  ) {
    const T = classCount;
    this.T = T;
    // Row 0 (the panel size) is left out: an exchange never changes it.
    const perClass: { row: number; value: number }[][] = Array.from({ length: T }, () => []);
    rows.forEach((row, j) => {
      if (j === 0) return;
      for (let i = 0; i < row.indices.length; i++) perClass[row.indices[i]!]!.push({ row: j, value: row.values[i]! });
    });
    this.entryStart = new Int32Array(T + 1);
    const total = perClass.reduce((sum, e) => sum + e.length, 0);
    this.entryRow = new Int32Array(total);
    this.entryValue = new Float64Array(total);
    let at = 0;
    perClass.forEach((entries, c) => {
      this.entryStart[c] = at;
      for (const e of entries) {
        this.entryRow[at] = e.row;
        this.entryValue[at] = e.value;
        at++;
      }
    });
    this.entryStart[T] = at;
    this.rowMembers = rows.map((row) => row.indices);
    this.x = new Int32Array(T);
    this.activity = new Float64Array(rows.length);
    this.colLower = new Float64Array(T);
    this.colUpper = new Float64Array(T);
    this.rowLower = new Float64Array(rows.length);
    this.rowUpper = new Float64Array(rows.length);
  }

  load(panel: ClassPanel | ArrayLike<number>): void {
    this.x.fill(0);
    this.activity.fill(0);
    const add = (c: number, n: number): void => {
      this.x[c] = n;
      for (let e = this.entryStart[c]!; e < this.entryStart[c + 1]!; e++) this.activity[this.entryRow[e]!]! += n * this.entryValue[e]!;
    };
    if ('classes' in panel) {
      for (let i = 0; i < panel.classes.length; i++) add(panel.classes[i]!, panel.counts[i]!);
    } else {
      for (let c = 0; c < this.T; c++) if (Math.round(panel[c]!) > 0) add(c, Math.round(panel[c]!));
    }
  }

  current(): ClassPanel {
    return panelFromDense(this.x);
  }

  private rowViolation(j: number, value: number): number {
    return Math.max(0, this.rowLower[j]! - ROW_SLACK - value) + Math.max(0, value - this.rowUpper[j]! - ROW_SLACK);
  }

  private colViolation(c: number, value: number): number {
    return Math.max(0, this.colLower[c]! - value) + Math.max(0, value - this.colUpper[c]!);
  }

  violation(): number {
    let v = 0;
    for (let c = 0; c < this.T; c++) v += this.colViolation(c, this.x[c]!);
    for (let j = 1; j < this.rows.length; j++) v += this.rowViolation(j, this.activity[j]!);
    return v;
  }

  /**
   * Change of the total violation if one member of `out` is exchanged for one of `into`. The rows
   * of both classes are read in one merge (each class's entries are sorted by row), so that rows
   * the two classes share with the same coefficient, which the exchange leaves alone, cost nothing.
   */
  private violationChange(out: number, into: number): number {
    let change =
      this.colViolation(out, this.x[out]! - 1) -
      this.colViolation(out, this.x[out]!) +
      this.colViolation(into, this.x[into]! + 1) -
      this.colViolation(into, this.x[into]!);
    let a = this.entryStart[out]!;
    const aEnd = this.entryStart[out + 1]!;
    let b = this.entryStart[into]!;
    const bEnd = this.entryStart[into + 1]!;
    while (a < aEnd || b < bEnd) {
      const ra = a < aEnd ? this.entryRow[a]! : NO_ROW;
      const rb = b < bEnd ? this.entryRow[b]! : NO_ROW;
      let j: number;
      let d: number;
      if (ra === rb) {
        j = ra;
        d = this.entryValue[b++]! - this.entryValue[a++]!;
        if (d === 0) continue;
      } else if (ra < rb) {
        j = ra;
        d = -this.entryValue[a++]!;
      } else {
        j = rb;
        d = this.entryValue[b++]!;
      }
      const before = this.activity[j]!;
      change += this.rowViolation(j, before + d) - this.rowViolation(j, before);
    }
    return change;
  }

  /** Whether the exchange keeps a panel that is on the face on it (the same merge of rows). */
  private keepsFace(out: number, into: number): boolean {
    if (out === into || this.x[out]! - 1 < this.colLower[out]! || this.x[into]! + 1 > this.colUpper[into]!) return false;
    let a = this.entryStart[out]!;
    const aEnd = this.entryStart[out + 1]!;
    let b = this.entryStart[into]!;
    const bEnd = this.entryStart[into + 1]!;
    while (a < aEnd || b < bEnd) {
      const ra = a < aEnd ? this.entryRow[a]! : NO_ROW;
      const rb = b < bEnd ? this.entryRow[b]! : NO_ROW;
      let j: number;
      let d: number;
      if (ra === rb) {
        j = ra;
        d = this.entryValue[b++]! - this.entryValue[a++]!;
        if (d === 0) continue;
      } else if (ra < rb) {
        j = ra;
        d = -this.entryValue[a++]!;
      } else {
        j = rb;
        d = this.entryValue[b++]!;
      }
      const after = this.activity[j]! + d;
      if (after < this.rowLower[j]! - ROW_SLACK || after > this.rowUpper[j]! + ROW_SLACK) return false;
    }
    return true;
  }

  private apply(out: number, into: number): void {
    this.x[out]!--;
    this.x[into]!++;
    for (let e = this.entryStart[out]!; e < this.entryStart[out + 1]!; e++) this.activity[this.entryRow[e]!]! -= this.entryValue[e]!;
    for (let e = this.entryStart[into]!; e < this.entryStart[into + 1]!; e++) this.activity[this.entryRow[e]!]! += this.entryValue[e]!;
  }

  private inPanel(): number[] {
    const list: number[] = [];
    for (let c = 0; c < this.T; c++) if (this.x[c]! > 0) list.push(c);
    return list;
  }

  /** The exchanges aimed at the first violated bound: [outs, ins], one of them a single class. */
  private targeted(weights: ArrayLike<number>): { outs: number[]; ins: number[] } | undefined {
    const CANDIDATES = 10;
    for (let c = 0; c < this.T; c++) {
      if (this.x[c]! > this.colUpper[c]!) return { outs: [c], ins: [] };
      if (this.x[c]! < this.colLower[c]!) return { outs: [], ins: [c] };
    }
    for (let j = 1; j < this.rows.length; j++) {
      const a = this.activity[j]!;
      if (a > this.rowUpper[j]! + ROW_SLACK) {
        const outs = Array.from(this.rowMembers[j]!)
          .filter((c) => this.x[c]! > 0)
          .sort((p, q) => weights[p]! - weights[q]!)
          .slice(0, CANDIDATES);
        return { outs, ins: [] };
      }
      if (a < this.rowLower[j]! - ROW_SLACK) {
        const ins = Array.from(this.rowMembers[j]!)
          .filter((c) => this.x[c]! < this.colUpper[c]!)
          .sort((p, q) => weights[q]! - weights[p]!)
          .slice(0, CANDIDATES);
        return { outs: [], ins };
      }
    }
    return undefined;
  }

  /** The exchanges aimed at the first violated bound, best first (violation change, then weight gain). */
  private moves(weights: ArrayLike<number>, limit: number, allowed: (c: number) => boolean): { out: number; into: number; change: number; gain: number }[] {
    const target = this.targeted(weights);
    if (!target) return [];
    // The best `limit` exchanges, kept sorted as they come (as a stable sort of all of them would
    // order them): most exchanges are considered only to be dropped, and are never stored.
    const found: { out: number; into: number; change: number; gain: number }[] = [];
    const consider = (out: number, into: number): void => {
      if (out === into || this.x[out]! === 0 || this.x[into]! >= Math.max(this.colUpper[into]!, this.colLower[into]!)) return;
      if (!allowed(out) || !allowed(into)) return;
      const change = this.violationChange(out, into);
      const gain = weights[into]! - weights[out]!;
      let at = found.length;
      while (at > 0 && (found[at - 1]!.change > change || (found[at - 1]!.change === change && found[at - 1]!.gain < gain))) at--;
      if (at >= limit) return;
      found.splice(at, 0, { out, into, change, gain });
      if (found.length > limit) found.pop();
    };
    if (target.outs.length) {
      for (const out of target.outs) for (let into = 0; into < this.T; into++) consider(out, into);
    } else {
      const panel = this.inPanel();
      for (const into of target.ins) for (const out of panel) consider(out, into);
    }
    return found;
  }

  /**
   * Exchanges aimed at one violated bound at a time: the one that lowers the total violation most;
   * when none lowers it, a pair of exchanges that does (the first breaking a tight quota, the second
   * mending it), or one that only moves the violation elsewhere. A class just moved may not move
   * back for a few exchanges, against cycles. False when stuck.
   */
  repair(weights: ArrayLike<number>, maxMoves = 60): boolean {
    const TENURE = 6;
    const tabuUntil = new Map<number, number>();
    let total = this.violation();
    for (let move = 0; move < maxMoves; move++) {
      if (total <= 1e-12) return true;
      const allowed = (c: number): boolean => (tabuUntil.get(c) ?? -1) < move;
      const first = this.moves(weights, FIRST_MOVES, allowed);
      if (first.length === 0) return false;
      let chosen = first[0]!.change < -1e-12 ? [first[0]!] : undefined;
      if (!chosen) {
        // Look one exchange further.
        let bestPair: { pair: typeof first; change: number; gain: number } | undefined;
        for (const m1 of first) {
          this.apply(m1.out, m1.into);
          const second = this.moves(weights, 1, (c) => allowed(c) && c !== m1.out && c !== m1.into)[0];
          this.apply(m1.into, m1.out);
          if (!second) continue;
          const change = m1.change + second.change;
          const gain = m1.gain + second.gain;
          if (change < -1e-12 && (!bestPair || change < bestPair.change - 1e-12 || (change < bestPair.change + 1e-12 && gain > bestPair.gain))) {
            bestPair = { pair: [m1, second], change, gain };
          }
        }
        if (bestPair) chosen = bestPair.pair;
        else if (first[0]!.change <= 1e-12) chosen = [first[0]!];
        else return false;
      }
      for (const m of chosen) {
        this.apply(m.out, m.into);
        tabuUntil.set(m.out, move + TENURE);
        tabuUntil.set(m.into, move + TENURE);
      }
      total = this.violation();
    }
    return total <= 1e-12;
  }

  /**
   * Exchanges that raise the weight and keep the panel on the face, in passes over the classes by
   * decreasing weight (`order`), each class taking the place of the lightest member it can
   * replace; at most `passes` passes.
   */
  improve(weights: ArrayLike<number>, order: ArrayLike<number>, passes = 3): void {
    const inPanel = this.inPanel().sort((a, b) => weights[a]! - weights[b]!);
    for (let pass = 0; pass < passes; pass++) {
      let swaps = 0;
      for (let i = 0; i < order.length; i++) {
        const into = order[i]!;
        const wInto = weights[into]!;
        if (inPanel.length === 0 || wInto - weights[inPanel[0]!]! <= 1e-12) break;
        if (this.x[into]! >= this.colUpper[into]!) continue;
        for (let j = 0; j < inPanel.length; j++) {
          const out = inPanel[j]!;
          if (wInto - weights[out]! <= 1e-12) break;
          if (!this.keepsFace(out, into)) continue;
          const wasIn = this.x[into]! > 0;
          this.apply(out, into);
          swaps++;
          if (this.x[out] === 0) inPanel.splice(j, 1);
          if (!wasIn) {
            let at = 0;
            while (at < inPanel.length && weights[inPanel[at]!]! < wInto) at++;
            inPanel.splice(at, 0, into);
          }
          break;
        }
      }
      if (swaps === 0) return;
    }
  }
}
