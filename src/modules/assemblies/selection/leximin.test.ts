import { describe, expect, it } from 'vitest';
import { checkCertificate, checkQuotas, computeDistribution, drawReplacements, generatePool, SolverError, type FeatureQuota, type SelectionDistribution, type SelectionInstance, type Volunteer } from './index';

/**
 * LEXIMIN on pools small enough for the answer to be worked out by hand (each case says how).
 */

function volunteer(id: string, features: Record<string, string>, address?: string): Volunteer {
  return address === undefined ? { id, features } : { id, features, address };
}

function quota(feature: string, value: string, min: number, max: number): FeatureQuota {
  return { feature, value, min, max };
}

async function distribution(instance: SelectionInstance): Promise<SelectionDistribution> {
  const outcome = await computeDistribution(instance);
  if (outcome.status !== 'ok') throw new Error(`expected a distribution, got: ${outcome.feasibility.message}`);
  return outcome;
}

/** Every panel of the exact lottery, as volunteer ids per class, must meet the checks given. */
function panelsOf(result: SelectionDistribution): { probability: number; members: { ids: string[]; count: number }[] }[] {
  return result.lottery.panels.map((panel) => ({
    probability: panel.probability,
    members: panel.members.map(([c, count]) => ({ ids: result.lottery.classes[c]!.members, count })),
  }));
}

function expectProbabilities(result: SelectionDistribution, expected: Record<string, number>): void {
  for (const [id, p] of Object.entries(expected)) expect(result.probabilities[id], id).toBeCloseTo(p, 9);
  const total = Object.values(result.probabilities).reduce((a, b) => a + b, 0);
  expect(total).toBeCloseTo(result.panelSize, 9);
  const mass = result.lottery.panels.reduce((sum, panel) => sum + panel.probability, 0);
  expect(mass).toBeCloseTo(1, 12);
}

describe('LEXIMIN on pools solved by hand', () => {
  it('gives the 2 holders of a scarce value 1/2 each when they must fill 1 seat', async () => {
    // Panel of 3: exactly 1 of the 2 A's and 2 of the 6 B's. The A seat is shared by two people,
    // the two B seats by six: 1/2 and 1/3, whatever the lottery.
    const volunteers = [
      ...['a1', 'a2'].map((id) => volunteer(id, { group: 'A' })),
      ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((id) => volunteer(id, { group: 'B' })),
    ];
    const result = await distribution({ panelSize: 3, quotas: [quota('group', 'A', 1, 1), quota('group', 'B', 2, 2)], volunteers });
    expectProbabilities(result, { a1: 0.5, a2: 0.5, b1: 1 / 3, b2: 1 / 3, b3: 1 / 3, b4: 1 / 3, b5: 1 / 3, b6: 1 / 3 });
    expect(result.minimum).toBeCloseTo(1 / 3, 9);
    expect(result.certificate.bound).toBeCloseTo(1 / 3, 9);
  });

  it('raises the one volunteer who is not bound by the smallest level (two levels)', async () => {
    // Panel of 2: one A and one B, at least one "y". Panels: a1 with any B, or a2 with b1.
    // The four B's share one seat, so the smallest probability is at most 1/4; a2 sits only with
    // b1, at probability p ≥ 1/4, and everything else goes to a1: a1 = 3/4, everyone else 1/4.
    const volunteers = [
      volunteer('a1', { x: 'A', y: 'y' }),
      volunteer('a2', { x: 'A', y: 'z' }),
      volunteer('b1', { x: 'B', y: 'y' }),
      volunteer('b2', { x: 'B', y: 'z' }),
      volunteer('b3', { x: 'B', y: 'z' }),
      volunteer('b4', { x: 'B', y: 'z' }),
    ];
    const result = await distribution({
      panelSize: 2,
      quotas: [quota('x', 'A', 1, 1), quota('x', 'B', 1, 1), quota('y', 'y', 1, 2), quota('y', 'z', 0, 2)],
      volunteers,
    });
    expectProbabilities(result, { a1: 0.75, a2: 0.25, b1: 0.25, b2: 0.25, b3: 0.25, b4: 0.25 });
    for (const panel of panelsOf(result)) {
      const ids = panel.members.flatMap((m) => (m.count === m.ids.length ? m.ids : [`${m.count} of ${m.ids.join('/')}`]));
      // a2 never sits with a "z" B: the panel would have no "y".
      expect(ids.includes('a2') && !ids.includes('b1')).toBe(false);
    }
  });

  it('seats at most one person per normalised address', async () => {
    // Panel of 3 from 4 people, one quota-free feature. "12, Rue de l'Église" and
    // "12 rue de l eglise" are one household: every panel holds exactly one of them and both
    // others, so 1/2, 1/2, 1, 1. Without the household rule everyone gets 3/4.
    const volunteers = [
      volunteer('h1', { any: 'x' }, "12, Rue de l'Église"),
      volunteer('h2', { any: 'x' }, '12 rue de l eglise'),
      volunteer('p3', { any: 'x' }, '1 Main Street'),
      volunteer('p4', { any: 'x' }, '2 Main Street'),
    ];
    const instance: SelectionInstance = { panelSize: 3, quotas: [quota('any', 'x', 0, 3)], volunteers, onePerHousehold: true };
    const result = await distribution(instance);
    expectProbabilities(result, { h1: 0.5, h2: 0.5, p3: 1, p4: 1 });
    for (const panel of panelsOf(result)) {
      // Whichever members the draw takes inside each class, the household has exactly one seat.
      const seats = panel.members.reduce((sum, m) => sum + Math.min(m.count, m.ids.filter((id) => id === 'h1' || id === 'h2').length), 0);
      expect(seats).toBe(1);
    }
    const without = await distribution({ ...instance, onePerHousehold: false });
    expectProbabilities(without, { h1: 0.75, h2: 0.75, p3: 0.75, p4: 0.75 });
  });

  it('gives everyone k/n when the quotas allow it (maximin and leximin agree)', async () => {
    // 2 A's and 3 B's, panel of 2 with at most one A: 2/5 each is reached by
    // P(one A and one B) = 4/5, P(two B's) = 1/5.
    const volunteers = [...['a1', 'a2'].map((id) => volunteer(id, { g: 'A' })), ...['b1', 'b2', 'b3'].map((id) => volunteer(id, { g: 'B' }))];
    const instance: SelectionInstance = { panelSize: 2, quotas: [quota('g', 'A', 0, 1), quota('g', 'B', 0, 2)], volunteers };
    const leximin = await distribution(instance);
    expectProbabilities(leximin, { a1: 0.4, a2: 0.4, b1: 0.4, b2: 0.4, b3: 0.4 });
    expect(leximin.gini).toBeCloseTo(0, 9);
    const maximin = await computeDistribution(instance, { objective: 'maximin' });
    expect(maximin.status === 'ok' && maximin.minimum).toBeCloseTo(0.4, 9);
  });
});

describe('infeasible quotas', () => {
  // Panel of 4 with 2 women and 2 men, but 1 woman in the pool. A panel needs at least 3 men, so
  // the male maximum must rise to 3 (cost 1) and the female minimum drop to 1 (cost 1 + 2/2 = 2 per
  // seat): no cheaper relaxation exists.
  const volunteers = [volunteer('f1', { gender: 'female' }), ...['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => volunteer(id, { gender: 'male' }))];
  const instance: SelectionInstance = { panelSize: 4, quotas: [quota('gender', 'female', 2, 2), quota('gender', 'male', 2, 2)], volunteers };

  it('reports the smallest relaxation', async () => {
    const report = await checkQuotas(instance);
    expect(report.feasible).toBe(false);
    if (report.feasible) return;
    expect(report.changes).toEqual([
      { feature: 'gender', value: 'female', min: { from: 2, to: 1 }, max: null },
      { feature: 'gender', value: 'male', min: null, max: { from: 2, to: 3 } },
    ]);
    expect(report.relaxedQuotas?.map((q) => [q.value, q.min, q.max])).toEqual([
      ['female', 1, 2],
      ['male', 2, 3],
    ]);
    const outcome = await computeDistribution(instance);
    expect(outcome.status).toBe('infeasible');
    // The relaxed quotas can be met: f1 always sits, the 5 men share 3 seats.
    const relaxed = await distribution({ ...instance, quotas: report.relaxedQuotas! });
    expectProbabilities(relaxed, { f1: 1, m1: 0.6, m5: 0.6 });
  });

  it('says so when even the flex bounds allow no panel', async () => {
    const report = await checkQuotas({ ...instance, quotas: [{ ...quota('gender', 'female', 2, 2), minFlex: 2 }, quota('gender', 'male', 2, 2)] });
    expect(report.feasible).toBe(false);
    if (!report.feasible) expect(report.relaxedQuotas).toBeNull();
  });

  it('finds feasible quotas feasible', async () => {
    expect(await checkQuotas({ ...instance, quotas: [quota('gender', 'female', 1, 2), quota('gender', 'male', 2, 3)] })).toEqual({ feasible: true });
  });
});

describe('certificate and replacements on a pool solved by hand', () => {
  // The two-level pool above: the four B's share one seat, so nobody can be above 1/4 for sure.
  const instance: SelectionInstance = {
    panelSize: 2,
    quotas: [quota('x', 'A', 1, 1), quota('x', 'B', 1, 1), quota('y', 'y', 1, 2), quota('y', 'z', 0, 2)],
    volunteers: [
      volunteer('a1', { x: 'A', y: 'y' }),
      volunteer('a2', { x: 'A', y: 'z' }),
      volunteer('b1', { x: 'B', y: 'y' }),
      volunteer('b2', { x: 'B', y: 'z' }),
      volunteer('b3', { x: 'B', y: 'z' }),
      volunteer('b4', { x: 'B', y: 'z' }),
    ],
  };

  it('proves the bound 1/4 and refuses a certificate that does not', async () => {
    const result = await distribution(instance);
    const genuine = await checkCertificate(instance, result.lottery, result.certificate);
    expect(genuine).toMatchObject({ valid: true, problems: [] });
    expect(genuine.bound).toBeCloseTo(0.25, 9);
    // Weight 1/4 on each B: every panel holds exactly one B, so weighs 1/4 — a valid proof by hand.
    const byHand = { ...result.certificate, bound: 0.25, weights: { b1: 0.25, b2: 0.25, b3: 0.25, b4: 0.25 } };
    expect((await checkCertificate(instance, result.lottery, byHand)).valid).toBe(true);
    // Weight on a1 alone: the panels with a1 weigh 1, not 1/4.
    const wrong = await checkCertificate(instance, result.lottery, { ...result.certificate, weights: { a1: 1 } });
    expect(wrong.valid).toBe(false);
    expect(wrong.heaviestPanel).toBeCloseTo(1, 9);
  });

  it('replaces a dropout by the only volunteer who keeps the quotas', async () => {
    // a2 sat with b1 and leaves: the replacement must be an A, and a1 is the only A left.
    const outcome = await drawReplacements({ instance, panel: ['a2', 'b1'], dropouts: ['a2'], seed: 'replacement seed' });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.replacements).toEqual(['a1']);
    expect(outcome.panel).toEqual(['b1', 'a1']);
    expect(outcome.probabilities.a1).toBeCloseTo(1, 9);
    // The same request gives the same replacements.
    const again = await drawReplacements({ instance, panel: ['a2', 'b1'], dropouts: ['a2'], seed: 'replacement seed' });
    expect(again).toEqual(outcome);
  });

  it('says when no replacement can keep the quotas', async () => {
    // b1 leaves a panel whose A (a2) needs a "y" beside it, and b1 was the only B with "y".
    const outcome = await drawReplacements({ instance, panel: ['a2', 'b1'], dropouts: ['b1'], seed: 's' });
    expect(outcome.status).toBe('infeasible');
  });
});

describe('generated pools', () => {
  it('are the same for the same seed, and the time limit is enforced', async () => {
    const options = { seed: 'test', poolSize: 120, panelSize: 15, featureCount: 4 };
    const { instance } = generatePool(options);
    expect(generatePool(options).instance).toEqual(instance);
    expect(instance.volunteers).toHaveLength(120);
    await expect(computeDistribution(instance, { timeLimitSeconds: 1e-6 })).rejects.toBeInstanceOf(SolverError);
    const outcome = await computeDistribution(instance);
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(Object.values(outcome.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(15, 8);
    const check = await checkCertificate(instance, outcome.lottery, outcome.certificate);
    expect(check.problems).toEqual([]);
  }, 60_000);
});
