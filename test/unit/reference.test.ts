import { describe, expect, test } from 'vitest';
import { quantileRank } from '../../src/engine/results';
import { quantilesOf, runReference } from '../../src/reference/engine';
import { resolveSpec } from '../../src/spec/validate';
import { normal2, pcg4d } from '../../src/util/random';

describe('the Float64 reference engine', () => {
  test('GD on a quadratic contracts by (1 - lr lambda) per step', () => {
    // quadratic with scale 1, kappa 1: f = |p|^2 / 2, gradient p
    const r = runReference(
      resolveSpec({
        landscape: { id: 'quadratic', params: { kappa: 1, scale: 1 } },
        optimizers: [{ id: 'gd', hyper: { lr: 0.1 } }],
        starts: { kind: 'list', points: [[2, -1]] },
        steps: 10,
      }),
    );
    const f = r.optimizers[0]!.final;
    expect(f[0]).toBeCloseTo(2 * 0.9 ** 10, 6);
    expect(f[1]).toBeCloseTo(-(0.9 ** 10), 6);
  });

  test('GD just over 2 / lambda diverges in every run and is counted', () => {
    const r = runReference(
      resolveSpec({
        landscape: { id: 'quadratic', params: { kappa: 1, scale: 1 } },
        optimizers: [{ id: 'gd', hyper: { lr: 2.05 } }],
        starts: { kind: 'uniform', count: 50 },
        steps: 1000,
      }),
    );
    const o = r.optimizers[0]!;
    expect(o.diverged.count).toBe(50);
    expect(o.quantiles.live.at(-1)).toBe(0);
    expect(o.quantiles.values.at(-1)).toEqual([null, null, null]);
    for (const v of o.final) expect(Number.isFinite(v)).toBe(true);
  });

  test('steps to converge are the first step from which the test holds', () => {
    const r = runReference(
      resolveSpec({
        landscape: { id: 'quadratic', params: { kappa: 1, scale: 1 } },
        optimizers: [{ id: 'gd', hyper: { lr: 0.5 } }],
        starts: { kind: 'list', points: [[1, 0]] },
        steps: 40,
        convergence: { gradTol: 1e-3, lossTol: 1 },
      }),
    );
    // |x_n| = 0.5^n <= 1e-3 first at n = 10
    expect(r.optimizers[0]!.convergedAt[0]).toBe(10);
    expect(r.optimizers[0]!.converged.medianSteps).toBe(10);
  });
});

describe('quantiles by nearest rank', () => {
  test('halves round up, as the GPU computes them in float32', () => {
    expect(quantileRank(0.5, 4)).toBe(2);
    expect(quantileRank(0.5, 5)).toBe(2);
    expect(quantileRank(0.1, 11)).toBe(1);
    expect(quantileRank(0.9, 1)).toBe(0);
    expect(quantilesOf([5, 1, 3, 2, 4], [0, 0.5, 1])).toEqual([1, 3, 5]);
    expect(quantilesOf([], [0.5])).toEqual([null]);
  });
});

describe('the counter-based generator', () => {
  test('is a pure function of its key with 32-bit words', () => {
    const a = pcg4d(1, 2, 3, 4);
    expect(pcg4d(1, 2, 3, 4)).toEqual(a);
    expect(pcg4d(1, 2, 3, 5)).not.toEqual(a);
    for (const w of a) expect(w >>> 0).toBe(w);
  });

  test('gives standard normal numbers', () => {
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const [a, b] = normal2(7, i, 1, 0);
      s += a + b;
      s2 += a * a + b * b;
    }
    expect(Math.abs(s / (2 * n))).toBeLessThan(0.03); // sd of mean 0.005
    expect(s2 / (2 * n)).toBeCloseTo(1, 1);
  });
});
