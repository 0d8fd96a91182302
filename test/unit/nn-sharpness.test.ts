import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import { Mlp, range } from '../../src/nn/mlp';
import { netSharpness, powerStart, rademacher } from '../../src/nn/sharpness';

const data = generateDataset({
  kind: 'moons',
  n: 40,
  noise: 0.1,
  labelNoise: 0,
  testFraction: 0.5,
  seed: 4,
});
const net = new Mlp({
  widths: [2, 5, 3, 1],
  activation: 'tanh',
  loss: 'mse',
  l2: 1e-3,
});
const train = range(0, data.nTrain);

/** Parameters after 300 full-batch GD steps: near a minimum. */
const w = (() => {
  let s = 7;
  const x = Float64Array.from({ length: net.size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
  for (let t = 0; t < 300; t++) {
    const g = net.lossGrad(x, data, train).grad;
    x.forEach((v, i) => (x[i] = v - 0.3 * g[i]!));
  }
  return x;
})();

/** The dense Hessian, column by column from Hessian-vector products. */
function denseHessian(): number[][] {
  return range(0, net.size).map((j) => {
    const e = new Float64Array(net.size);
    e[j] = 1;
    return Array.from(net.hvp(w, e, data, train));
  });
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations. */
function eigenvalues(m: number[][]): number[] {
  const a = m.map((r) => [...r]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    }
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t =
          Math.sign(theta || 1) /
          (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]!);
}

const settings = {
  powerIterations: 20,
  probes: 8,
  epsilon: 1e-3,
  ascentSteps: 5,
};

describe('random vectors of the sharpness measures', () => {
  test('the power start is uniform in (-1/2, 1/2]', () => {
    const v = powerStart(1, 2, 4000);
    expect(Math.min(...v)).toBeGreaterThan(-0.5);
    expect(Math.max(...v)).toBeLessThanOrEqual(0.5);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // 4.4 standard errors
  });

  test('probes are balanced signs, different per probe', () => {
    const z = rademacher(1, 2, 0, 4000);
    expect(z.every((x) => x === 1 || x === -1)).toBe(true);
    expect(Math.abs(z.reduce((s, x) => s + x, 0))).toBeLessThan(280);
    expect(Array.from(rademacher(1, 2, 1, 64))).not.toEqual(
      Array.from(z.subarray(0, 64)),
    );
  });
});

describe('sharpness of a trained network, against its dense Hessian', () => {
  const h = denseHessian();
  const lambda = eigenvalues(h);
  const top = lambda.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
  const trace = h.reduce((s, r, i) => s + r[i]!, 0);

  test('the Hessian is symmetric', () => {
    for (let i = 0; i < net.size; i++) {
      for (let j = 0; j < i; j++) {
        expect(h[i]![j]).toBeCloseTo(h[j]![i]!, 12);
      }
    }
  });

  test('power iteration finds the eigenvalue of largest magnitude', () => {
    const s = netSharpness(
      net,
      w,
      data,
      data.nTrain,
      { ...settings, powerIterations: 400 },
      1,
      0,
    );
    expect(top).toBeGreaterThan(0);
    expect(s.lambdaMax).toBeCloseTo(top, 6);
  });

  test("Hutchinson's estimate is unbiased for the trace", () => {
    const probes = 2000;
    const s = netSharpness(
      net,
      w,
      data,
      data.nTrain,
      { ...settings, powerIterations: 1, probes },
      1,
      0,
    );
    // Var(z . H z) = 2 sum over i != j of H_ij^2 for Rademacher z
    let off = 0;
    h.forEach((r, i) =>
      r.forEach((x, j) => {
        if (i !== j) off += x * x;
      }),
    );
    const se = Math.sqrt((2 * off) / probes);
    expect(Math.abs(s.trace - trace)).toBeLessThan(4 * se);
  });

  test('epsilon-sharpness starts with the first-order corner', () => {
    // For a tiny box, the best point is the corner along sign(g): the
    // increase is sum |g_i| eps (|w_i| + 1) to first order.
    const eps = 1e-7;
    const s = netSharpness(
      net,
      w,
      data,
      data.nTrain,
      { ...settings, epsilon: eps, ascentSteps: 1 },
      1,
      0,
    );
    const { grad, loss } = net.lossGrad(w, data, train);
    let first = 0;
    grad.forEach(
      (g, i) => (first += Math.abs(g) * eps * (Math.abs(w[i]!) + 1)),
    );
    expect(s.epsSharpness).toBeCloseTo(first / (1 + loss), 10);
  });

  test('a wider box finds a larger increase', () => {
    const at = (epsilon: number) =>
      netSharpness(net, w, data, data.nTrain, { ...settings, epsilon }, 1, 0)
        .epsSharpness;
    expect(at(1e-2)).toBeGreaterThan(at(1e-3));
    expect(at(1e-3)).toBeGreaterThan(0);
  });
});
