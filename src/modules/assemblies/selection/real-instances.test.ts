import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  announceDraw,
  checkCertificate,
  computeDistribution,
  distributionProblems,
  drawPanel,
  instanceFromFiles,
  newSeedCommitment,
  verifyDraw,
  type SelectionDistribution,
  type SelectionInstance,
} from './index';

/**
 * The published instance `example_small_20` (replication code of Flanigan, Gölz, Gupta, Hennig,
 * Procaccia, "Fair algorithms for selecting citizens' assemblies", Nature 596 (2021),
 * github.com/pgoelz/citizensassemblies-replication, GPL-3): 200 volunteers, panel of 20, LEXIMIN
 * minimum 10.0 % in the paper. Read from the shared data folder beside the repository, never copied.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const exampleDir = path.resolve(repoRoot, '../shared/data/sortition/example_small_20');
const present = fs.existsSync(path.join(exampleDir, 'respondents.csv'));
if (!present) console.warn(`Skipping the example_small_20 tests: ${exampleDir} is absent (shared data not installed).`);

function readExample(): SelectionInstance {
  const files = Object.fromEntries(['categories.csv', 'respondents.csv'].map((name) => [name, fs.readFileSync(path.join(exampleDir, name), 'utf8')]));
  return instanceFromFiles(files, 20);
}

describe.skipIf(!present)('example_small_20 (Nature 2021 replication data)', () => {
  let instance: SelectionInstance;
  let result: SelectionDistribution;

  beforeAll(async () => {
    instance = readExample();
    const outcome = await computeDistribution(instance, { title: 'example_small_20' });
    if (outcome.status !== 'ok') throw new Error(outcome.feasibility.message);
    result = outcome;
  }, 60_000);

  it('reaches the published LEXIMIN minimum of 10.0 %', () => {
    expect(result.poolSize).toBe(200);
    expect(result.minimum).toBeCloseTo(0.1, 9);
    expect(result.certificate.bound).toBeCloseTo(0.1, 9);
    // Whole tickets of 1,000,000 cannot lose more than a few millionths.
    expect(result.publishedMinimum).toBeGreaterThan(0.1 - 1e-5);
  });

  it('has probabilities summing to k and panels within the quotas', () => {
    const sum = Object.values(result.probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(20, 9);
    expect(result.lottery.panels.reduce((a, p) => a + p.probability, 0)).toBeCloseTo(1, 12);
    expect(distributionProblems(result.published)).toEqual([]);
    // Independently of the library: count each value in each panel of the exact lottery.
    const byId = new Map(instance.volunteers.map((v) => [v.id, v]));
    for (const panel of result.lottery.panels) {
      let size = 0;
      const counts = new Map<string, number>();
      for (const [c, n] of panel.members) {
        const first = byId.get(result.lottery.classes[c]!.members[0]!)!;
        size += n;
        for (const [feature, value] of Object.entries(first.features)) counts.set(`${feature}:${value}`, (counts.get(`${feature}:${value}`) ?? 0) + n);
      }
      expect(size).toBe(20);
      for (const q of instance.quotas) {
        const n = counts.get(`${q.feature}:${q.value}`) ?? 0;
        expect(n).toBeGreaterThanOrEqual(q.min);
        expect(n).toBeLessThanOrEqual(q.max);
      }
    }
  });

  it('has a certificate the independent checker accepts, and rejects when tampered with', async () => {
    const genuine = await checkCertificate(instance, result.lottery, result.certificate);
    expect(genuine.problems).toEqual([]);
    expect(genuine.valid).toBe(true);
    expect(genuine.heaviestPanel).toBeCloseTo(0.1, 9);

    // A bound above the truth: the distribution does not reach it.
    const inflated = await checkCertificate(instance, result.lottery, { ...result.certificate, bound: 0.11 });
    expect(inflated.valid).toBe(false);
    // All the weight on one volunteer: a panel holding them weighs 1, far above the claimed bound.
    const concentrated = await checkCertificate(instance, result.lottery, { ...result.certificate, weights: { [instance.volunteers[0]!.id]: 1 } });
    expect(concentrated.valid).toBe(false);
    expect(concentrated.problems.join('\n')).toMatch(/not proven/);
    // A panel with one member too many.
    const [first, ...rest] = result.lottery.panels;
    const broken = { ...result.lottery, panels: [{ ...first!, members: first!.members.map(([c, n], i) => [c, i === 0 ? n + 1 : n] as [number, number]) }, ...rest] };
    const brokenCheck = await checkCertificate(instance, broken, result.certificate);
    expect(brokenCheck.valid).toBe(false);
  });

  it('draws the same panel from the same seed, and the draw verifies', () => {
    const { seed, salt, commitment } = newSeedCommitment();
    const announcement = announceDraw(result.published, commitment, null);
    const record = drawPanel(result.published, { seed, salt });
    expect(drawPanel(result.published, { seed, salt })).toEqual(record);
    expect(record.selected).toHaveLength(20);
    expect(new Set(record.selected).size).toBe(20);
    // The drawn people meet the quotas.
    const byId = new Map(instance.volunteers.map((v) => [v.id, v]));
    for (const q of instance.quotas) {
      const n = record.selected.filter((id) => byId.get(id)!.features[q.feature] === q.value).length;
      expect(n).toBeGreaterThanOrEqual(q.min);
      expect(n).toBeLessThanOrEqual(q.max);
    }
    expect(verifyDraw(result.published, announcement, record)).toMatchObject({ valid: true, problems: [] });
  });

  it('refuses a tampered distribution or a tampered seed', () => {
    const { seed, salt, commitment } = newSeedCommitment();
    const announcement = announceDraw(result.published, commitment, null);
    const record = drawPanel(result.published, { seed, salt });

    // One ticket moved from one panel to another after the announcement.
    const panels = result.published.panels.map((p) => ({ ...p }));
    expect(panels.length).toBeGreaterThan(1);
    panels[0]!.tickets -= 1;
    panels[1]!.tickets += 1;
    const tampered = { ...result.published, panels };
    const moved = verifyDraw(tampered, announcement, record);
    expect(moved.valid).toBe(false);
    expect(moved.problems.join('\n')).toMatch(/not the one announced/);

    // Another seed than the committed one (even with its own valid draw).
    const other = newSeedCommitment();
    const reseeded = verifyDraw(result.published, announcement, drawPanel(result.published, { seed: other.seed, salt }));
    expect(reseeded.valid).toBe(false);
    expect(reseeded.problems.join('\n')).toMatch(/do not match the announced commitment/);

    // The right seed, but another panel reported.
    const swapped = verifyDraw(result.published, announcement, { ...record, selected: [...record.selected].reverse() });
    expect(swapped.valid).toBe(false);
  });
});
