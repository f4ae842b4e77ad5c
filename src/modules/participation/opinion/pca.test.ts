import { describe, expect, it } from 'vitest';
import { principalComponents, projectParticipants, statementExtremity } from './pca';
import { seededRandom } from './random';
import type { Vote } from './types';
import { buildVoteMatrix, imputedDenseMatrix } from './vote-matrix';

const options = { maxIterations: 1000, tolerance: 1e-12, random: seededRandom(1) };
const votesOf = (rows: (number | null)[][]): Vote[] =>
  rows.flatMap((row, p) => row.flatMap((vote, s) => (vote === null ? [] : [{ participantId: p, statementId: s, vote: vote as 1 | -1 | 0 }])));

describe('principal components', () => {
  it('finds the components of a matrix whose eigenvectors are known', () => {
    // Centred already (every column sums to 0); XᵀX = [[2,2,0],[2,2,0],[0,0,2]]:
    // eigenvalue 4 along (1,1,0)/√2, 2 along (0,0,1), 0 along (1,-1,0)/√2.
    const m = buildVoteMatrix(votesOf([[1, 1, 0], [-1, -1, 0], [0, 0, 1], [0, 0, -1]]));
    const pca = principalComponents(m, options);
    expect(Array.from(pca.center)).toEqual([0, 0, 0]);
    const [pc1, pc2] = pca.components;
    expect(Math.abs(pc1[0]!)).toBeCloseTo(Math.SQRT1_2, 10);
    expect(pc1[0]!).toBeCloseTo(pc1[1]!, 10);
    expect(pc1[2]!).toBeCloseTo(0, 10);
    expect(Math.abs(pc2[2]!)).toBeCloseTo(1, 10);
    expect(pca.eigenvalues[0]).toBeCloseTo(4, 10);
    expect(pca.eigenvalues[1]).toBeCloseTo(2, 10);
    expect(pca.explainedVariance[0]).toBeCloseTo(4 / 6, 10);
    expect(pca.explainedVariance[1]).toBeCloseTo(2 / 6, 10);
  });

  it('on sparse votes equals the PCA of the mean-filled dense matrix', () => {
    const random = seededRandom(42);
    const rows = Array.from({ length: 40 }, (_, p) =>
      Array.from({ length: 12 }, (_, s) => (random() < 0.3 ? null : (p % 2 === 0) === s < 6 ? (random() < 0.85 ? 1 : -1) : random() < 0.2 ? 0 : -1)),
    );
    const m = buildVoteMatrix(votesOf(rows));
    const pca = principalComponents(m, options);
    // Reference: the covariance of the dense filled matrix, centred, times each component.
    const dense = imputedDenseMatrix(m);
    const n = m.participantIds.length;
    const k = m.statementIds.length;
    const gram = (v: Float64Array) => {
      const out = new Float64Array(k);
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let c = 0; c < k; c++) d += (dense[r * k + c]! - pca.center[c]!) * v[c]!;
        for (let c = 0; c < k; c++) out[c]! += d * (dense[r * k + c]! - pca.center[c]!);
      }
      return out;
    };
    pca.components.forEach((component, i) => {
      const product = gram(component);
      for (let c = 0; c < k; c++) expect(product[c]!).toBeCloseTo(pca.eigenvalues[i]! * component[c]!, 6);
    });
    let dot = 0;
    for (let c = 0; c < k; c++) dot += pca.components[0][c]! * pca.components[1][c]!;
    expect(dot).toBeCloseTo(0, 10);
  });

  it('keeps the orientation of the components it starts from', () => {
    const m = buildVoteMatrix(votesOf([[1, 1, 0], [-1, -1, 0], [0, 0, 1], [0, 0, -1]]));
    const flipped = principalComponents(m, options).components.map((c) => c.map((x) => -x));
    const again = principalComponents(m, { ...options, startVectors: flipped });
    expect(again.components[0][0]!).toBeCloseTo(flipped[0]![0]!, 10);
    expect(again.components[1][2]!).toBeCloseTo(flipped[1]![2]!, 10);
  });
});

describe('sparsity-aware projection', () => {
  const pca = {
    center: new Float64Array([0.5, 0, -0.5]),
    components: [new Float64Array([1, 0, 0]), new Float64Array([0, 0.6, 0.8])] as [Float64Array, Float64Array],
  };

  it('scales a participant by √(statements / votes cast)', () => {
    // Participant 0 voted on all three: no scaling. Participant 1 voted only agree on statement 0:
    // (1 − 0.5) × 1 = 0.5 on x, scaled by √(3/1).
    const m = buildVoteMatrix([
      { participantId: 0, statementId: 0, vote: 1 },
      { participantId: 0, statementId: 1, vote: -1 },
      { participantId: 0, statementId: 2, vote: 0 },
      { participantId: 1, statementId: 0, vote: 1 },
    ]);
    const { x, y } = projectParticipants(m, pca);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(y[0]).toBeCloseTo(-0.6 + 0.5 * 0.8, 12);
    expect(x[1]).toBeCloseTo(0.5 * Math.sqrt(3), 12);
    expect(y[1]).toBeCloseTo(0, 12);
  });

  it('counts a moderated-out statement as voted on by everyone, as Pol.is does', () => {
    const m = buildVoteMatrix(
      [
        { participantId: 1, statementId: 0, vote: 1 },
        { participantId: 2, statementId: 1, vote: 1 },
        { participantId: 2, statementId: 2, vote: 1 },
      ],
      [2],
    );
    // Three columns; participant 1: one real vote + the moderated-out column → √(3/2).
    const { x } = projectParticipants(m, pca);
    expect(x[0]).toBeCloseTo(0.5 * Math.sqrt(3 / 2), 12);
  });

  it('measures statement extremity as the projection of a lone agree', () => {
    const extremity = statementExtremity(pca);
    expect(extremity[0]).toBeCloseTo(Math.sqrt(3) * 0.5 * 1, 12);
    expect(extremity[2]).toBeCloseTo(Math.sqrt(3) * 1.5 * 0.8, 12);
  });
});
