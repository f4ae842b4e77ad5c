import { createHash } from 'node:crypto';
import { checkFeasibility, type FeasibilityReport } from './feasibility';
import { loadSolver } from './highs';
import { classDistribution, type FairnessObjective } from './leximin';
import { roundToTickets } from './lottery';
import { compileInstance, normaliseAddress, SelectionInputError, type FeatureQuota, type SelectionInstance } from './model';
import { HashStream } from './random';

/**
 * Replacements for panel members who drop out, with the same fairness logic as the main draw:
 * the replacements form a panel of their own, of as many seats as there are dropouts, drawn from
 * the volunteers still available, under quotas shifted by what the remaining members already
 * fill (a value the remaining members hold 4 times, with quota [5, 8], needs [1, 4] among the
 * replacements). Its LEXIMIN lottery is computed, rounded to tickets, and one panel is drawn from
 * it with the seed, exactly as `drawPanel` does (SHA-256 of the seed and of the replacement
 * problem as key). Same inputs, same replacements.
 */

export interface ReplacementRequest {
  instance: SelectionInstance;
  /** The panel as drawn (volunteer ids), dropouts included. */
  panel: readonly string[];
  /** Members who leave. */
  dropouts: readonly string[];
  /** Volunteers who may not be asked (already declined, unreachable…). */
  unavailable?: readonly string[];
  seed: string;
  objective?: FairnessObjective;
  ticketCount?: number;
}

export type ReplacementOutcome =
  | {
      status: 'ok';
      replacements: string[];
      /** The new panel: remaining members then replacements. */
      panel: string[];
      /** Each candidate's probability of being drawn as a replacement. */
      probabilities: Record<string, number>;
      /** The quotas the replacements had to meet. */
      quotas: FeatureQuota[];
    }
  | { status: 'infeasible'; quotas: FeatureQuota[]; feasibility: Extract<FeasibilityReport, { feasible: false }> | null; message: string };

export async function drawReplacements(request: ReplacementRequest): Promise<ReplacementOutcome> {
  const { instance } = request;
  const byId = new Map(instance.volunteers.map((v) => [v.id, v]));
  const dropped = new Set(request.dropouts);
  for (const id of [...request.panel, ...request.dropouts]) {
    if (!byId.has(id)) throw new SelectionInputError('volunteer_value_missing', `Volunteer "${id}" is not in the pool.`);
  }
  for (const id of dropped) if (!request.panel.includes(id)) throw new SelectionInputError('volunteer_value_missing', `Volunteer "${id}" is not on the panel.`);
  const kept = request.panel.filter((id) => !dropped.has(id));
  const seats = request.panel.length - kept.length;
  const excludedIds = new Set([...request.panel, ...(request.unavailable ?? [])]);
  const keptAddresses = new Set(
    instance.onePerHousehold ? kept.map((id) => byId.get(id)!.address).filter((a): a is string => !!a).map(normaliseAddress) : [],
  );
  const candidates = instance.volunteers.filter(
    (v) => !excludedIds.has(v.id) && !(instance.onePerHousehold && v.address && keptAddresses.has(normaliseAddress(v.address))),
  );
  const held = new Map<string, number>();
  for (const id of kept) {
    const v = byId.get(id)!;
    for (const q of instance.quotas) if (v.features[q.feature] === q.value) held.set(`${q.feature}\u0000${q.value}`, (held.get(`${q.feature}\u0000${q.value}`) ?? 0) + 1);
  }
  const quotas: FeatureQuota[] = instance.quotas.map((q) => {
    const n = held.get(`${q.feature}\u0000${q.value}`) ?? 0;
    return {
      feature: q.feature,
      value: q.value,
      min: Math.max(0, q.min - n),
      max: Math.max(0, q.max - n),
      minFlex: Math.max(0, (q.minFlex ?? 0) - n),
      maxFlex: Math.max(0, (q.maxFlex ?? instance.panelSize) - n),
    };
  });
  const over = instance.quotas.filter((q) => (held.get(`${q.feature}\u0000${q.value}`) ?? 0) > q.max);
  if (seats === 0) return { status: 'ok', replacements: [], panel: [...kept], probabilities: {}, quotas };
  // Remaining members above one minimum do not help another value of the same feature: the
  // shifted minimums can then need more seats than there are (compileInstance would refuse them).
  const minimumsBySeats = new Map<string, number>();
  for (const q of quotas) minimumsBySeats.set(q.feature, (minimumsBySeats.get(q.feature) ?? 0) + q.min);
  const overbooked = [...minimumsBySeats].filter(([, mins]) => mins > seats).map(([feature]) => feature);
  if (over.length || overbooked.length || candidates.length < seats) {
    return {
      status: 'infeasible',
      quotas,
      feasibility: null,
      message: over.length
        ? `The remaining members already exceed the maximum of ${over.map((q) => `${q.feature}:${q.value}`).join(', ')}.`
        : overbooked.length
          ? `The minimums of ${overbooked.join(', ')} still to fill need more than the ${seats} seats to replace.`
          : `Only ${candidates.length} volunteers are available for ${seats} seats.`,
    };
  }
  const sub: SelectionInstance = { panelSize: seats, quotas, volunteers: candidates, onePerHousehold: instance.onePerHousehold };
  const compiled = compileInstance(sub);
  const highs = await loadSolver();
  const feasibility = checkFeasibility(highs, compiled);
  if (!feasibility.feasible) return { status: 'infeasible', quotas, feasibility, message: feasibility.message };
  const result = await classDistribution(highs, compiled, { objective: request.objective ?? 'leximin' });
  const sizes = compiled.classes.map((cls) => cls.members.length);
  const ticketCount = request.ticketCount ?? 1_000_000;
  const lottery = roundToTickets(result.panels, result.probabilities, sizes, ticketCount);
  // The key binds the seed to this exact problem: pool, kept members, dropouts.
  const key = createHash('sha256')
    .update(JSON.stringify({ scheme: 'beffroi-sortition-replacement/1', seed: request.seed, kept, dropouts: [...request.dropouts], candidates: candidates.map((v) => v.id), quotas }))
    .digest();
  const stream = new HashStream(key);
  const ticket = stream.nextBelow(ticketCount);
  let j = 0;
  for (let below = lottery.tickets[0]!; ticket >= below; below += lottery.tickets[j]!) j++;
  const panel = lottery.panels[j]!;
  const replacements: string[] = [];
  for (let i = 0; i < panel.classes.length; i++) {
    const members = compiled.classes[panel.classes[i]!]!.members.map((m) => compiled.volunteers[m]!.id);
    for (let t = 0; t < panel.counts[i]!; t++) {
      const pick = t + stream.nextBelow(members.length - t);
      [members[t], members[pick]] = [members[pick]!, members[t]!];
      replacements.push(members[t]!);
    }
  }
  const probabilities: Record<string, number> = {};
  compiled.classes.forEach((cls, c) => {
    for (const m of cls.members) probabilities[compiled.volunteers[m]!.id] = result.classProbabilities[c]!;
  });
  return { status: 'ok', replacements, panel: [...kept, ...replacements], probabilities, quotas };
}
