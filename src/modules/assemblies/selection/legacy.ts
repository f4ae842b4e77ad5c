import { normaliseAddress, type CompiledInstance, type SelectionInstance } from './model';
import { fastRandom, type FastRandom } from './random';

/**
 * LEGACY: the Sortition Foundation's historical greedy selection (stratification-app,
 * `find_random_sample_legacy`), kept for comparison. People are picked one at a time:
 *
 * - among the feature values still open (someone left, maximum above 0), take the one with the
 *   largest ratio (min − selected) / remaining (the first in quota order on ties);
 * - pick a uniformly random remaining person with that value (the r-th in pool order);
 * - remove them (and, with the household check, everyone at their address); when a value reaches
 *   its maximum, remove everyone left with it;
 * - fail when a value can no longer reach its minimum, or people run out; at the end, fail if a
 *   minimum is not met. A failed attempt is started again (up to 100 times).
 *
 * Its selection probabilities are not controlled: volunteers of over-represented groups can be
 * almost never selected (the Nature paper's point).
 */

export class LegacyFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacyFailure';
  }
}

interface ValueState {
  min: number;
  max: number;
  selected: number;
  remaining: number;
}

/** One LEGACY panel of volunteer ids, from the pool as given (its order matters, as in the original). */
export function legacyDraw(instance: SelectionInstance, seed: string | number, maxAttempts = 100): string[] {
  const rng = fastRandom(`legacy:${seed}`);
  let last: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      return legacyAttempt(instance, rng);
    } catch (err) {
      if (!(err instanceof LegacyFailure)) throw err;
      last = err;
    }
  }
  throw last instanceof Error ? last : new LegacyFailure('LEGACY found no panel.');
}

function legacyAttempt(instance: SelectionInstance, rng: FastRandom): string[] {
  const features = [...new Set(instance.quotas.map((q) => q.feature))];
  const state = new Map<string, ValueState>();
  const key = (feature: string, value: string): string => `${feature}\u0000${value}`;
  for (const q of instance.quotas) state.set(key(q.feature, q.value), { min: q.min, max: q.max, selected: 0, remaining: 0 });
  const alive = new Set<number>();
  instance.volunteers.forEach((v, i) => {
    alive.add(i);
    for (const f of features) state.get(key(f, v.features[f]!))!.remaining++;
  });
  const address = instance.volunteers.map((v) => (instance.onePerHousehold && v.address ? normaliseAddress(v.address) : ''));

  const remove = (i: number, selected: boolean): void => {
    alive.delete(i);
    for (const f of features) {
      const s = state.get(key(f, instance.volunteers[i]!.features[f]!))!;
      if (selected) s.selected++;
      s.remaining--;
      if (s.remaining === 0 && s.selected < s.min) throw new LegacyFailure(`no one left with ${f}=${instance.volunteers[i]!.features[f]}`);
    }
  };

  const chosen: string[] = [];
  for (let count = 0; count < instance.panelSize; count++) {
    let best: { feature: string; value: string; remaining: number } | undefined;
    let bestRatio = -100;
    for (const q of instance.quotas) {
      const s = state.get(key(q.feature, q.value))!;
      if (s.selected < s.min && s.remaining < s.min - s.selected) throw new LegacyFailure(`not enough people left with ${q.feature}=${q.value}`);
      if (s.remaining !== 0 && s.max !== 0) {
        const ratio = (s.min - s.selected) / s.remaining;
        if (ratio > 1) throw new LegacyFailure('a ratio above 1');
        if (ratio > bestRatio) {
          bestRatio = ratio;
          best = { feature: q.feature, value: q.value, remaining: s.remaining };
        }
      }
    }
    if (!best) throw new LegacyFailure('no category left to choose from');
    let r = 1 + rng.below(best.remaining);
    let picked = -1;
    for (const i of [...alive].sort((a, b) => a - b)) {
      if (instance.volunteers[i]!.features[best.feature] === best.value && --r === 0) {
        picked = i;
        break;
      }
    }
    if (picked < 0) throw new LegacyFailure('inconsistent counts');
    const person = instance.volunteers[picked]!;
    chosen.push(person.id);
    remove(picked, true);
    if (address[picked]) {
      for (const i of [...alive]) if (address[i] === address[picked]) remove(i, false);
    }
    for (const f of features) {
      const s = state.get(key(f, person.features[f]!))!;
      if (s.selected === s.max) {
        for (const i of [...alive]) if (instance.volunteers[i]!.features[f] === person.features[f]) remove(i, false);
      }
    }
    if (count < instance.panelSize - 1 && alive.size === 0) throw new LegacyFailure('the pool ran out');
  }
  for (const [k, s] of state) if (s.selected < s.min) throw new LegacyFailure(`minimum of ${k.replace('\u0000', ':')} not met`);
  return chosen;
}

export interface LegacyEstimate {
  /** Estimated selection probability of each member of each class. */
  classProbabilities: Float64Array;
  draws: number;
  /** Attempts that failed and were started again. */
  failedAttempts: number;
}

/**
 * Selection probabilities under LEGACY, estimated from `draws` panels. Works on classes (a class's
 * members are interchangeable for the greedy too: it picks uniformly among the people with a value),
 * so that 10,000 draws of a 2,000-person pool take seconds.
 */
export function estimateLegacy(compiled: CompiledInstance, draws: number, seed: string | number): LegacyEstimate {
  const rng = fastRandom(`legacy-estimate:${seed}`);
  const T = compiled.classes.length;
  const V = compiled.values.length;
  const F = compiled.features.length;
  const classesOfValue: Int32Array[] = compiled.values.map((_, v) =>
    Int32Array.from(
      compiled.classes.flatMap((cls, c) => (cls.values.includes(v) ? [c] : [])),
    ),
  );
  const classValues = compiled.classes.map((cls) => Int32Array.from(cls.values));
  const householdClasses = compiled.households;
  const selectedTotal = new Float64Array(T);
  const alive = new Int32Array(T);
  const remaining = new Int32Array(V);
  const selected = new Int32Array(V);
  const taken = new Int32Array(T);
  let failedAttempts = 0;
  // Quota order: features in order, their values in order (as in the original's dictionaries).
  const valueOrder = compiled.features.flatMap((f) => f.values);

  for (let draw = 0; draw < draws; draw++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 100) throw new LegacyFailure('LEGACY failed 100 times in a row on this pool.');
      alive.fill(0);
      remaining.fill(0);
      selected.fill(0);
      taken.fill(0);
      let aliveTotal = 0;
      compiled.classes.forEach((cls, c) => {
        alive[c] = cls.members.length;
        aliveTotal += cls.members.length;
        for (const v of cls.values) remaining[v]! += cls.members.length;
      });
      const removeFromClass = (c: number, n: number, chosen: boolean): boolean => {
        alive[c]! -= n;
        aliveTotal -= n;
        for (let f = 0; f < F; f++) {
          const v = classValues[c]![f]!;
          if (chosen) selected[v]! += n;
          remaining[v]! -= n;
          if (remaining[v] === 0 && selected[v]! < compiled.values[v]!.min) return false;
        }
        return true;
      };
      let ok = true;
      for (let count = 0; count < compiled.panelSize && ok; count++) {
        let bestValue = -1;
        let bestRatio = -100;
        for (const v of valueOrder) {
          const { min, max } = compiled.values[v]!;
          if (selected[v]! < min && remaining[v]! < min - selected[v]!) {
            ok = false;
            break;
          }
          if (remaining[v] !== 0 && max !== 0) {
            const ratio = (min - selected[v]!) / remaining[v]!;
            if (ratio > 1) {
              ok = false;
              break;
            }
            if (ratio > bestRatio) {
              bestRatio = ratio;
              bestValue = v;
            }
          }
        }
        if (!ok || bestValue < 0) {
          ok = false;
          break;
        }
        let r = rng.below(remaining[bestValue]!);
        let picked = -1;
        for (const c of classesOfValue[bestValue]!) {
          if (r < alive[c]!) {
            picked = c;
            break;
          }
          r -= alive[c]!;
        }
        if (picked < 0) {
          ok = false;
          break;
        }
        taken[picked]!++;
        if (!removeFromClass(picked, 1, true)) {
          ok = false;
          break;
        }
        const h = compiled.classes[picked]!.household;
        if (h >= 0) {
          for (const c of householdClasses[h]!) if (alive[c]! > 0 && !removeFromClass(c, alive[c]!, false)) ok = false;
        }
        for (let f = 0; f < F && ok; f++) {
          const v = classValues[picked]![f]!;
          if (selected[v] === compiled.values[v]!.max) {
            for (const c of classesOfValue[v]!) if (alive[c]! > 0 && !removeFromClass(c, alive[c]!, false)) ok = false;
          }
        }
        if (ok && count < compiled.panelSize - 1 && aliveTotal === 0) ok = false;
      }
      if (ok) for (let v = 0; v < V; v++) if (selected[v]! < compiled.values[v]!.min) ok = false;
      if (ok) break;
      failedAttempts++;
    }
    for (let c = 0; c < T; c++) selectedTotal[c]! += taken[c]!;
  }
  const classProbabilities = Float64Array.from(selectedTotal, (n, c) => n / (draws * compiled.classes[c]!.members.length));
  return { classProbabilities, draws, failedAttempts };
}
