import type { ClassPanel } from './panels';

/**
 * A distribution made transparent (Flanigan, Kehne, Procaccia, "Fair Sortition Made Transparent",
 * NeurIPS 2021): each panel receives a whole number of the lottery's m tickets, so that the draw
 * is "ticket number t", checkable by anyone, and every probability is an exact fraction of m.
 *
 * Rounding moves each volunteer's probability by less than (number of panels holding them) / m.
 * The tickets that rounding down leaves over are handed out one by one, each to the panel that
 * most helps the classes then furthest below their exact probability (deficits weighted by how
 * many members the panel takes from each), which keeps the smallest probability as close to the
 * optimum as whole tickets allow.
 */

export interface RoundedLottery {
  panels: ClassPanel[];
  tickets: number[];
  ticketCount: number;
}

export function roundToTickets(panels: readonly ClassPanel[], probabilities: readonly number[], sizes: ArrayLike<number>, ticketCount: number): RoundedLottery {
  if (!Number.isSafeInteger(ticketCount) || ticketCount < 1) throw new RangeError(`The number of tickets must be a positive integer (got ${ticketCount}).`);
  const total = probabilities.reduce((a, b) => a + b, 0);
  const exact = probabilities.map((p) => (p / total) * ticketCount);
  const tickets = exact.map(Math.floor);
  let left = ticketCount - tickets.reduce((a, b) => a + b, 0);

  // Exact and current probability of each class (per member), in tickets.
  const classCount = sizes.length;
  const target = new Float64Array(classCount);
  const current = new Float64Array(classCount);
  panels.forEach((panel, j) => {
    for (let i = 0; i < panel.classes.length; i++) {
      const c = panel.classes[i]!;
      const share = panel.counts[i]! / sizes[c]!;
      target[c]! += exact[j]! * share;
      current[c]! += tickets[j]! * share;
    }
  });
  while (left > 0) {
    let best = -1;
    let bestScore = -Infinity;
    panels.forEach((panel, j) => {
      // Never more than one ticket above the exact share.
      if (tickets[j]! >= Math.ceil(exact[j]!)) return;
      let score = 0;
      for (let i = 0; i < panel.classes.length; i++) {
        const c = panel.classes[i]!;
        score += Math.max(0, target[c]! - current[c]!) * (panel.counts[i]! / sizes[c]!);
      }
      // Ties: the larger remainder.
      score += 1e-9 * (exact[j]! - tickets[j]!);
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    });
    if (best < 0) break;
    tickets[best]!++;
    const panel = panels[best]!;
    for (let i = 0; i < panel.classes.length; i++) {
      const c = panel.classes[i]!;
      current[c]! += panel.counts[i]! / sizes[c]!;
    }
    left--;
  }
  // Only if every panel already holds its rounded-up share (left over from float round-off).
  for (let j = 0; left > 0; j = (j + 1) % panels.length, left--) tickets[j]!++;
  const kept = panels.map((panel, j) => ({ panel, tickets: tickets[j]! })).filter((e) => e.tickets > 0);
  return { panels: kept.map((e) => e.panel), tickets: kept.map((e) => e.tickets), ticketCount };
}
