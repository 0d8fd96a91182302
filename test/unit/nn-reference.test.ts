import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import { Mlp, range } from '../../src/nn/mlp';
import {
  batchIndices,
  initialNetwork,
  runNetworkReference,
  samGradient,
  trainStep,
} from '../../src/nn/reference';
import { nearestRank } from '../../src/nn/results';
import { resolveNetworkSpec } from '../../src/nn/spec';
import { shuffleHalfBits, shuffleIndex } from '../../src/nn/streams';

describe('mini-batches', () => {
  const sampled = { batchSize: 5, fullBatch: false };

  test('a full batch is the training set in order', () => {
    const lane = { batchSize: 6, fullBatch: true };
    expect(batchIndices(1, 2, 3, lane, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('are keyed by (seed, run, step) and repeatable', () => {
    const a = batchIndices(1, 2, 3, sampled, 1000);
    expect(batchIndices(1, 2, 3, sampled, 1000)).toEqual(a);
    expect(batchIndices(1, 2, 4, sampled, 1000)).not.toEqual(a);
    expect(batchIndices(1, 3, 3, sampled, 1000)).not.toEqual(a);
    expect(batchIndices(2, 2, 3, sampled, 1000)).not.toEqual(a);
  });

  test('draw odd and even examples equally (classes alternate)', () => {
    // pcg4d's low bit follows its key's parity: unmixed, odd indices came
    // three times as often as even ones
    let odd = 0;
    for (let t = 1; t <= 1000; t++) {
      for (const i of batchIndices(5, 0, t, sampled, 100)) odd += i % 2;
    }
    // 5,000 draws: standard deviation 35 around 2,500
    expect(Math.abs(odd - 2500)).toBeLessThan(150);
  });

  test('draw every example about equally often', () => {
    const counts = new Array<number>(10).fill(0);
    const lane = { batchSize: 7, fullBatch: false };
    for (let t = 1; t <= 2000; t++) {
      for (const i of batchIndices(5, 0, t, lane, 10)) counts[i]!++;
    }
    // 14,000 draws: 1,400 expected per example, standard deviation 35
    for (const c of counts) expect(Math.abs(c - 1400)).toBeLessThan(150);
  });
});

describe('mini-batches by epochs', () => {
  /** Epoch `epoch`'s order of the n examples. */
  const order = (seed: number, run: number, epoch: number, n: number) =>
    range(0, n).map((pos) => shuffleIndex(seed, run, epoch, pos, n));

  test.each([1, 2, 7, 100, 200])(
    'every epoch of %i examples visits each example once',
    (n) => {
      for (const [seed, run, epoch] of [
        [1, 0, 0],
        [1, 0, 1],
        [1, 5, 3],
        [9, 2, 1000],
      ] as const) {
        const o = order(seed, run, epoch, n);
        expect([...o].sort((a, b) => a - b)).toEqual(range(0, n));
      }
    },
  );

  test('the domain is the smallest power of 4 from n, at least 4', () => {
    expect([1, 2, 4, 5, 16, 17, 100, 200, 65536].map(shuffleHalfBits)).toEqual([
      1, 1, 1, 2, 2, 3, 4, 4, 8,
    ]);
  });

  test('epochs, runs and seeds shuffle differently', () => {
    const orders = [
      order(1, 0, 0, 100),
      order(1, 0, 1, 100),
      order(1, 1, 0, 100),
      order(2, 0, 0, 100),
    ].map((o) => o.join(','));
    expect(new Set([...orders, range(0, 100).join(',')]).size).toBe(5);
  });

  test('each example comes first in an epoch about equally often', () => {
    const counts = new Array<number>(10).fill(0);
    for (let e = 0; e < 4000; e++) counts[shuffleIndex(3, 1, e, 0, 10)]!++;
    // 4,000 epochs: 400 expected per example, standard deviation 19
    for (const c of counts) expect(Math.abs(c - 400)).toBeLessThan(80);
  });

  test('batches run through the epochs and straddle their boundaries', () => {
    // n = 7, B = 3: step 3 holds s = 6, 7, 8, the last example of epoch
    // 0 and the first two of epoch 1
    const lane = {
      batchSize: 3,
      fullBatch: false,
      sampling: 'epochs',
    } as const;
    const e0 = order(4, 2, 0, 7);
    const e1 = order(4, 2, 1, 7);
    const e2 = order(4, 2, 2, 7);
    const steps = range(1, 8).map((t) => batchIndices(4, 2, t, lane, 7));
    expect(steps[2]).toEqual([e0[6], e1[0], e1[1]]);
    expect(steps.flat()).toEqual([...e0, ...e1, ...e2]);
  });

  test('full-batch lanes ignore the sampling', () => {
    const lane = { batchSize: 6, fullBatch: true, sampling: 'epochs' } as const;
    expect(batchIndices(1, 2, 3, lane, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('the sampling defaults to replacement', () => {
    const lane = { batchSize: 5, fullBatch: false } as const;
    expect(batchIndices(1, 2, 3, lane, 1000)).toEqual(
      batchIndices(1, 2, 3, { ...lane, sampling: 'replacement' }, 1000),
    );
  });
});

const spec = resolveNetworkSpec({
  network: {
    dataset: { kind: 'xor', n: 100, noise: 0.05 },
    widths: [2, 8, 8, 1],
  },
  optimizers: [
    { id: 'gd', hyper: { lr: 0.5 }, batchSize: 10 },
    { id: 'adam', hyper: { lr: 0.03 }, batchSize: 16 },
  ],
  runs: 8,
  steps: 300,
  seed: 2,
  record: { every: 100 },
  sharpness: false,
});

describe('training steps', () => {
  test('a GD step moves the weights by -lr times the batch gradient', () => {
    const lane = spec.optimizers[0]!;
    const net = new Mlp(spec.shape);
    const data = generateDataset(spec.dataset);
    const n = initialNetwork(spec, lane, 3);
    const before = Float64Array.from(n.w);
    trainStep(spec, lane, net, data, 3, n, 1);
    const batch = batchIndices(spec.seed, 3, 1, lane, data.nTrain);
    const { grad } = net.lossGrad(before, data, batch);
    n.w.forEach((w, i) => {
      expect(w).toBeCloseTo(before[i]! - 0.5 * grad[i]!, 14);
    });
  });

  test('a value beyond float32 stops the network at that step', () => {
    const huge = resolveNetworkSpec({
      ...spec.json,
      network: { ...spec.json.network, loss: 'mse' },
      optimizers: [{ id: 'gd', hyper: { lr: 100 }, batchSize: 10 }],
    });
    const lane = huge.optimizers[0]!;
    const net = new Mlp(huge.shape);
    const data = generateDataset(huge.dataset);
    const n = initialNetwork(huge, lane, 0);
    for (let t = 1; t <= 100; t++) trainStep(huge, lane, net, data, 0, n, t);
    expect(n.divergedAt).toBeGreaterThan(1);
    expect(n.divergedAt).toBeLessThan(100);
    expect(n.w.every((w) => Number.isFinite(Math.fround(w)))).toBe(true);
  });
});

describe('SAM steps', () => {
  const sam = (gradient: unknown) =>
    resolveNetworkSpec({
      ...spec.json,
      network: { ...spec.json.network, l2: 0.01 },
      optimizers: [{ id: 'gd', hyper: { lr: 0.5 }, batchSize: 10, gradient }],
    });
  const net = new Mlp({ ...spec.shape, l2: 0.01 });
  const data = generateDataset(spec.dataset);

  test("SAM steps from w with the same batch's gradient at w + rho g / |g|", () => {
    const s = sam({ id: 'sam', hyper: { rho: 0.1 } });
    const lane = s.optimizers[0]!;
    const n = initialNetwork(s, lane, 3);
    const w = Float64Array.from(n.w);
    trainStep(s, lane, net, data, 3, n, 1);
    const batch = batchIndices(s.seed, 3, 1, lane, data.nTrain);
    const g = net.lossGrad(w, data, batch).grad;
    const norm = Math.hypot(...g);
    const at = w.map((x, i) => x + (0.1 * g[i]!) / norm);
    // the ascent point is rho away from w, and the penalty's gradient
    // is taken there too
    expect(Math.hypot(...at.map((x, i) => x - w[i]!))).toBeCloseTo(0.1, 12);
    const g2 = net.lossGrad(at, data, batch).grad;
    n.w.forEach((x, i) => expect(x).toBeCloseTo(w[i]! - 0.5 * g2[i]!, 12));
    // the reported loss is the one at w
    expect(n.batchLoss).toBe(net.lossGrad(w, data, batch).dataLoss);
  });

  test('adaptive SAM scales the ball by |w| + eta per coordinate', () => {
    const s = sam({ id: 'asam', hyper: { rho: 0.5, eta: 0.1 } });
    const lane = s.optimizers[0]!;
    const n = initialNetwork(s, lane, 2);
    const w = Float64Array.from(n.w);
    const batch = batchIndices(s.seed, 2, 1, lane, data.nTrain);
    const g = net.lossGrad(w, data, batch).grad;
    const T = w.map((x) => Math.abs(x) + 0.1);
    const norm = Math.hypot(...g.map((v, i) => T[i]! * v));
    const at = w.map((x, i) => x + (0.5 * T[i]! ** 2 * g[i]!) / norm);
    const want = net.lossGrad(at, data, batch).grad;
    const got = samGradient(net, w, g, data, batch, lane.sam!);
    // Math.hypot and a sum of squares round the norm differently
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 10));
    trainStep(s, lane, net, data, 2, n, 1);
    n.w.forEach((x, i) => expect(x).toBeCloseTo(w[i]! - 0.5 * want[i]!, 10));
  });

  test('SAM with rho = 0 is the plain step exactly', () => {
    const s = sam({ id: 'sam', hyper: { rho: 0 } });
    const plain = sam(undefined);
    const a = initialNetwork(s, s.optimizers[0]!, 1);
    const b = initialNetwork(plain, plain.optimizers[0]!, 1);
    for (let t = 1; t <= 5; t++) {
      trainStep(s, s.optimizers[0]!, net, data, 1, a, t);
      trainStep(plain, plain.optimizers[0]!, net, data, 1, b, t);
    }
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
  });
});

describe('the reference engine', () => {
  const r = runNetworkReference(spec);

  test('Adam learns XOR in every network', () => {
    const adam = r.lanes[1]!;
    expect(adam.diverged).toBe(0);
    expect(Math.min(...adam.trainAccuracy)).toBeGreaterThanOrEqual(0.95);
  });

  test('records loss quantiles at the record steps', () => {
    const q = r.lanes[0]!.trainQuantiles;
    expect(q.steps).toEqual([0, 100, 200, 300]);
    expect(q.live).toEqual([8, 8, 8, 8]);
    const last = q.values[3]!;
    const sorted = Array.from(r.lanes[0]!.trainLoss).sort((a, b) => a - b);
    expect(last).toEqual([0.1, 0.5, 0.9].map((p) => nearestRank(sorted, p)));
  });

  test('the gap is test loss minus training loss', () => {
    const l = r.lanes[0]!;
    l.gap.forEach((g, i) => {
      expect(g).toBe(l.testLoss[i]! - l.trainLoss[i]!);
    });
  });

  test('networks of one run index start alike in every lane', () => {
    const [a, b] = spec.optimizers.map((o) => initialNetwork(spec, o, 5).w);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  test('evaluation counts the whole split', () => {
    const net = new Mlp(spec.shape);
    const data = generateDataset(spec.dataset);
    const w = initialNetwork(spec, spec.optimizers[0]!, 0).w;
    const e = net.evaluate(w, data, 0, data.nTrain);
    expect(e.loss).toBeCloseTo(
      net.loss(w, data, range(0, data.nTrain)) - net.penalty(w),
      12,
    );
  });
});
