import { describe, expect, it } from 'vitest';
import { announceDraw, canonicalJson, commitmentOf, computeDistribution, drawPanel, verifyDraw, type PublishedDistribution } from './index';

/**
 * The public draw on a pool solved by hand: 2 A's share 1 seat, 6 B's share 2 (panel of 3).
 * Everything about a draw follows from the published files and the seed.
 */

async function published(): Promise<PublishedDistribution> {
  const outcome = await computeDistribution(
    {
      panelSize: 3,
      quotas: [
        { feature: 'group', value: 'A', min: 1, max: 1 },
        { feature: 'group', value: 'B', min: 2, max: 2 },
      ],
      volunteers: [
        ...['a1', 'a2'].map((id) => ({ id, features: { group: 'A' } })),
        ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((id) => ({ id, features: { group: 'B' } })),
      ],
    },
    { title: 'test draw', ticketCount: 1000 },
  );
  if (outcome.status !== 'ok') throw new Error('expected a distribution');
  return outcome.published;
}

describe('public draw', () => {
  it('is the same for the same seed, and follows the published lottery', async () => {
    const distribution = await published();
    // One panel shape (1 A, 2 B's): all 1,000 tickets on it.
    expect(distribution.panels).toEqual([{ tickets: 1000, members: [[0, 1], [1, 2]] }]);
    const seed = 'seed revealed at the draw';
    const salt = 'salt';
    const first = drawPanel(distribution, { seed, salt });
    expect(drawPanel(distribution, { seed, salt })).toEqual(first);
    expect(first.selected).toHaveLength(3);
    expect(first.selected.filter((id) => id.startsWith('a'))).toHaveLength(1);
    // Another seed gives, over a few tries, other people (a different draw, not a fixed one).
    const others = new Set(Array.from({ length: 20 }, (_, i) => canonicalJson(drawPanel(distribution, { seed: `other ${i}`, salt }).selected)));
    expect(others.size).toBeGreaterThan(1);
  });

  it('draws everyone with the frequency of the lottery', async () => {
    // 3,000 seeds: a1 should sit about 1,500 times, b1 about 1,000 (binomial, σ ≈ 27 and 26).
    const distribution = await published();
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) for (const id of drawPanel(distribution, { publicValue: `value ${i}` }).selected) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(Math.abs((counts.get('a1') ?? 0) - 1500)).toBeLessThan(140);
    expect(Math.abs((counts.get('b1') ?? 0) - 1000)).toBeLessThan(140);
  });

  it('verifies a genuine draw and refuses tampering', async () => {
    const distribution = await published();
    const seed = 'a secret seed';
    const salt = 'a secret salt';
    const announcement = announceDraw(distribution, commitmentOf(seed, salt), 'the national lottery of 1 March');
    const record = drawPanel(distribution, { seed, salt, publicValue: '4 8 15 16 23 42' });
    expect(verifyDraw(distribution, announcement, record)).toMatchObject({ valid: true, problems: [] });

    const tampered: PublishedDistribution = { ...distribution, classes: distribution.classes.map((c, i) => (i === 0 ? { ...c, members: ['a2', 'a1'] } : c)) };
    expect(verifyDraw(tampered, announcement, record).valid).toBe(false);
    expect(verifyDraw(distribution, announcement, { ...record, seed: 'another seed' }).problems.join('\n')).toMatch(/do not match the announced commitment/);
    expect(verifyDraw(distribution, announcement, { ...record, publicValue: '1 2 3 4 5 6' }).valid).toBe(false);
    expect(verifyDraw(distribution, announcement, { ...record, publicValue: null }).valid).toBe(false);
    // Someone who was not drawn in place of someone who was.
    const outsider = ['a1', 'a2', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6'].find((id) => !record.selected.includes(id))!;
    expect(verifyDraw(distribution, announcement, { ...record, selected: [outsider, ...record.selected.slice(1)] }).valid).toBe(false);
  });
});
