import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import {
  initParams,
  layersOf,
  lossTerms,
  Mlp,
  parameterCount,
  range,
  type NetworkShape,
} from '../../src/nn/mlp';

/** Uniform numbers in [-1, 1) from a small LCG, for test vectors. */
function vector(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe('parameter layout', () => {
  test('parameterCount counts weights and biases of every layer', () => {
    expect(parameterCount([2, 8, 8, 1])).toBe(24 + 72 + 9);
    expect(parameterCount([2, 5, 3, 1])).toBe(15 + 18 + 4);
    expect(parameterCount([2, 1])).toBe(3);
  });

  test('layers lie back to back: weights row by row, then biases', () => {
    expect(layersOf([2, 5, 3, 1])).toEqual([
      { nIn: 2, nOut: 5, weights: 0, biases: 10 },
      { nIn: 5, nOut: 3, weights: 15, biases: 30 },
      { nIn: 3, nOut: 1, weights: 33, biases: 36 },
    ]);
  });

  test('a linear network computes w . x + b', () => {
    const net = new Mlp({
      widths: [2, 1],
      activation: 'tanh',
      loss: 'mse',
      l2: 0,
    });
    expect(net.forward([0.5, -2, 0.25], 3, 1)).toBeCloseTo(1.5 - 2 + 0.25, 12);
  });
});

describe('initialization', () => {
  const shape = { widths: [2, 32, 32, 1], activation: 'relu' } as const;

  test('is keyed by (seed, run) and repeatable', () => {
    const a = initParams(shape, 3, 5);
    expect(Array.from(initParams(shape, 3, 5))).toEqual(Array.from(a));
    const b = initParams(shape, 3, 6);
    expect(a.filter((v, i) => v !== 0 && v === b[i])).toHaveLength(0);
  });

  test('biases start at zero and weights have He variance 2 / n_in', () => {
    const w = initParams(shape, 1, 0);
    const L = layersOf(shape.widths)[1]!;
    const weights = w.subarray(L.weights, L.biases);
    const variance = weights.reduce((s, x) => s + x * x, 0) / weights.length;
    // 1024 normals: the variance is within 4 standard errors
    // (sqrt(2 / 1024) of it, 4.4 %) of 2 / 32 at 18 %
    expect(variance / (2 / 32)).toBeGreaterThan(0.82);
    expect(variance / (2 / 32)).toBeLessThan(1.18);
    for (const l of layersOf(shape.widths)) {
      expect(Array.from(w.subarray(l.biases, l.biases + l.nOut))).toEqual(
        new Array<number>(l.nOut).fill(0),
      );
    }
  });

  test('tanh networks take Glorot variance 2 / (n_in + n_out)', () => {
    const w = initParams({ widths: [2, 32, 32, 1], activation: 'tanh' }, 1, 0);
    const L = layersOf([2, 32, 32, 1])[1]!;
    const weights = w.subarray(L.weights, L.biases);
    const variance = weights.reduce((s, x) => s + x * x, 0) / weights.length;
    expect(variance / (2 / 64)).toBeGreaterThan(0.82);
    expect(variance / (2 / 64)).toBeLessThan(1.18);
  });
});

describe('losses', () => {
  test('binary cross-entropy with logits is finite for huge logits', () => {
    expect(lossTerms('bce', 1000, 0)).toEqual([1000, 1, 0]);
    expect(lossTerms('bce', -1000, 0)[0]).toBe(0);
    const [l, d, d2] = lossTerms('bce', 0, 1);
    expect(l).toBeCloseTo(Math.log(2), 14);
    expect(d).toBe(-0.5);
    expect(d2).toBe(0.25);
  });

  test('squared error is half the squared residual', () => {
    expect(lossTerms('mse', 3, 1)).toEqual([2, 2, 1]);
  });
});

const shapes: [string, NetworkShape][] = [
  [
    'tanh, bce',
    { widths: [2, 5, 3, 1], activation: 'tanh', loss: 'bce', l2: 1e-2 },
  ],
  [
    'relu, bce',
    { widths: [2, 5, 3, 1], activation: 'relu', loss: 'bce', l2: 0 },
  ],
  [
    'tanh, mse',
    { widths: [2, 7, 1], activation: 'tanh', loss: 'mse', l2: 3e-3 },
  ],
  [
    'relu, mse, 4 layers',
    { widths: [2, 3, 5, 3, 1], activation: 'relu', loss: 'mse', l2: 1e-3 },
  ],
];

const data = generateDataset({
  kind: 'spiral',
  n: 23,
  noise: 0.05,
  labelNoise: 0,
  testFraction: 0,
  seed: 2,
});
const batch = [0, 3, 3, 11, 22, 17, 5];

describe('gradient by backpropagation', () => {
  test.each(shapes)('%s: matches central finite differences', (_, shape) => {
    const net = new Mlp(shape);
    const w = vector(net.size, 11);
    const { grad, loss } = net.lossGrad(w, data, batch);
    expect(loss).toBeCloseTo(net.loss(w, data, batch), 14);
    // h = 1e-5: truncation h^2 |f'''| ~ 1e-10, rounding 1e-16 / h ~ 1e-11
    const h = 1e-5;
    for (let i = 0; i < net.size; i++) {
      const p = Float64Array.from(w);
      p[i] = w[i]! + h;
      const up = net.loss(p, data, batch);
      p[i] = w[i]! - h;
      const down = net.loss(p, data, batch);
      const fd = (up - down) / (2 * h);
      expect(Math.abs(grad[i]! - fd), `parameter ${i}`).toBeLessThan(
        1e-8 + 1e-6 * Math.abs(fd),
      );
    }
  });
});

describe('Hessian-vector product by the R-operator', () => {
  test.each(shapes)(
    '%s: matches finite differences of gradients',
    (_, shape) => {
      const net = new Mlp(shape);
      const w = vector(net.size, 12);
      const v = vector(net.size, 13);
      const hv = net.hvp(w, v, data, batch);
      const h = 1e-5;
      const plus = net.lossGrad(
        w.map((x, i) => x + h * v[i]!),
        data,
        batch,
      ).grad;
      const minus = net.lossGrad(
        w.map((x, i) => x - h * v[i]!),
        data,
        batch,
      ).grad;
      const scale = Math.max(...Array.from(hv, Math.abs));
      for (let i = 0; i < net.size; i++) {
        const fd = (plus[i]! - minus[i]!) / (2 * h);
        expect(Math.abs(hv[i]! - fd), `component ${i}`).toBeLessThan(
          1e-7 * scale + 1e-6 * Math.abs(fd),
        );
      }
    },
  );

  test.each(shapes)('%s: the Hessian is symmetric', (_, shape) => {
    const net = new Mlp(shape);
    const w = vector(net.size, 14);
    const u = vector(net.size, 15);
    const v = vector(net.size, 16);
    const all = range(0, data.nTrain);
    const uHv = net.hvp(w, v, data, all).reduce((s, x, i) => s + x * u[i]!, 0);
    const vHu = net.hvp(w, u, data, all).reduce((s, x, i) => s + x * v[i]!, 0);
    expect(uHv).toBeCloseTo(vHu, 10);
  });
});

describe('evaluation', () => {
  test('accuracy counts logits on the side of the label', () => {
    // z = x0: predicts 1 exactly where x0 > 0
    const net = new Mlp({
      widths: [2, 1],
      activation: 'tanh',
      loss: 'bce',
      l2: 0,
    });
    const ex = { inputs: [1, 0, -1, 0, 2, 0, -3, 0], labels: [1, 1, 1, 0] };
    expect(net.evaluate([1, 0, 0], ex, 0, 4).accuracy).toBe(0.75);
    const mse = new Mlp({
      widths: [2, 1],
      activation: 'tanh',
      loss: 'mse',
      l2: 0,
    });
    // squared loss predicts 1 above 0.5: 1 and 2 are, -1 and -3 are not
    expect(mse.evaluate([1, 0, 0], ex, 0, 4).accuracy).toBe(0.75);
  });
});
