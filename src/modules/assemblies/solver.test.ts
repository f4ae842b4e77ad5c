import { describe, expect, it } from 'vitest';
import { computeDistribution, generatePool, SelectionInputError, type SelectionInstance } from './selection/index';
import { solver } from './solver';

const small: SelectionInstance = {
  panelSize: 2,
  quotas: [
    { feature: 'g', value: 'a', min: 1, max: 1 },
    { feature: 'g', value: 'b', min: 1, max: 1 },
  ],
  volunteers: [
    { id: 'a1', features: { g: 'a' } },
    { id: 'a2', features: { g: 'a' } },
    { id: 'b1', features: { g: 'b' } },
  ],
};

describe('the solver thread', () => {
  it('gives the library’s result', async () => {
    const outcome = await solver.distribution(small, { timeLimitSeconds: 60 });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.probabilities).toEqual({ a1: 0.5, a2: 0.5, b1: 1 });
    const inPlace = await computeDistribution(small, { timeLimitSeconds: 60 });
    expect(outcome.published).toEqual(inPlace.status === 'ok' ? inPlace.published : null);
  });

  it('gives back the library’s errors as the same classes', async () => {
    const duplicate = { ...small, volunteers: [...small.volunteers, { id: 'a1', features: { g: 'b' } }] };
    const err = await solver.feasibility(duplicate, 60).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SelectionInputError);
    expect((err as SelectionInputError).code).toBe('volunteer_id_duplicate');
  });

  it('leaves the calling thread free while it computes', async () => {
    const pool = generatePool({ poolSize: 300, panelSize: 30, featureCount: 6, seed: 'solver-thread' });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = performance.now();
    const outcome = await solver.distribution(pool.instance, { timeLimitSeconds: 120 });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(outcome.status).toBe('ok');
    // A blocked thread would tick once at the end; a free one about every 10 ms.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
  }, 120_000);
});
