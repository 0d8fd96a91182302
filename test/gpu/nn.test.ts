/**
 * The network kernels against their Float64 twins: forward loss, gradient
 * and Hessian-vector product, a few training steps of every optimizer,
 * divergence and loss quantiles, on sizes that are no multiple of the
 * workgroup size (37 networks of widths [2, 5, 3, 1], 37 parameters,
 * batches of 7); and XOR learned by Adam in every network of a batch.
 */
import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import { networkDerivatives } from '../../src/nn/derivatives';
import { NetExperiment, runNetworkExperiment } from '../../src/nn/engine';
import { Mlp, range, type NetworkShape } from '../../src/nn/mlp';
import {
  initialNetwork,
  trainStep,
  type NetworkState,
} from '../../src/nn/reference';
import { nearestRank } from '../../src/nn/results';
import { resolveNetworkSpec } from '../../src/nn/spec';
import { OPTIMIZERS } from '../../src/optimizers';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

/** Uniform numbers in [-1, 1) from a small LCG, rounded to float32. */
function vector(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const NETWORKS = 37;
const EXAMPLES = 7;
const data = generateDataset({
  kind: 'spiral',
  n: 23,
  noise: 0.05,
  labelNoise: 0,
  testFraction: 0,
  seed: 3,
});

const shapes: [string, NetworkShape][] = [
  [
    'tanh, cross-entropy',
    { widths: [2, 5, 3, 1], activation: 'tanh', loss: 'bce', l2: 1e-2 },
  ],
  [
    'ReLU, squared error',
    { widths: [2, 5, 3, 1], activation: 'relu', loss: 'mse', l2: 0 },
  ],
];

describe('derivatives on the GPU match the Float64 twin', () => {
  const cases = shapes.flatMap(([name, shape]) =>
    (['unrolled', 'loops'] as const).map(
      (form) => [name, form, shape] as const,
    ),
  );
  test.each(cases)(
    '%s, %s: loss, gradient and Hessian-vector product of 37 networks',
    async (_, form, shape) => {
      const net = new Mlp(shape);
      const P = net.size;
      const params = vector(NETWORKS * P, 1);
      const vectors = vector(NETWORKS * P, 2);
      const g = await networkDerivatives(
        gpu(),
        shape,
        data,
        EXAMPLES,
        params,
        undefined,
        form,
      );
      const h = await networkDerivatives(
        gpu(),
        shape,
        data,
        EXAMPLES,
        params,
        vectors,
        form,
      );
      const batch = range(0, EXAMPLES);
      const loss: number[] = [];
      const grad: number[] = [];
      const hv: number[] = [];
      for (let r = 0; r < NETWORKS; r++) {
        const w = params.subarray(r * P, (r + 1) * P);
        const v = vectors.subarray(r * P, (r + 1) * P);
        const lg = net.lossGrad(w, data, batch);
        loss.push(lg.loss);
        grad.push(...lg.grad);
        hv.push(...net.hvp(w, v, data, batch));
      }
      const name = (i: number) => `net ${Math.floor(i / P)} w${i % P}`;
      // Sums of a few float32 products of magnitude <= 5: relative
      // rounding 6e-8 per operation over ~20 operations per value, and
      // tanh to its WGSL accuracy; 2e-5 of the largest magnitude leaves
      // a margin of 10 over what was measured (see docs/networks.md).
      const scale = (v: number[]) => Math.max(...v.map(Math.abs));
      expectClose(
        g.loss,
        loss,
        { atol: 2e-5 * scale(loss), rtol: 1e-5 },
        'loss',
      );
      expectClose(
        g.values,
        grad,
        { atol: 2e-5 * scale(grad), rtol: 1e-4 },
        'gradient',
        name,
      );
      expectClose(
        h.values,
        hv,
        { atol: 2e-5 * scale(hv), rtol: 1e-4 },
        'Hessian-vector product',
        name,
      );
    },
  );
});

const coordinate = OPTIMIZERS.filter((o) => o.kind === 'coordinate').map(
  (o) => o.id,
);

describe('training steps on the GPU match the Float64 twin', () => {
  // Every per-coordinate optimizer of the sandbox, unchanged: its own WGSL
  // module in the network kernel, its own Float64 update in the twin;
  // half of them with the network written out (the default for small
  // networks), half with the loops that larger networks take.
  test.each([
    ['first', 'unrolled', coordinate.slice(0, 9)],
    ['last', 'loops', coordinate.slice(9)],
  ] as const)(
    'the %s optimizers, %s: 4 steps of 37 networks, batches of 7, cosine',
    async (_, form, ids) => {
      const spec = resolveNetworkSpec({
        network: {
          dataset: { kind: 'moons', n: 40, noise: 0.1, testFraction: 0.25 },
          widths: [2, 5, 3, 1],
          activation: 'tanh',
          loss: 'bce',
          l2: 1e-3,
        },
        optimizers: ids.map((id) => ({
          id,
          batchSize: 7,
          schedule: { kind: 'cosine', minFactor: 0.1, warmup: 1 },
        })),
        runs: NETWORKS,
        steps: 4,
        seed: 9,
        sharpness: false,
      });
      const e = await NetExperiment.create(gpu(), spec, { form });
      const gpuParams: Float32Array[] = [];
      try {
        await e.runToEnd();
        for (let l = 0; l < ids.length; l++) {
          gpuParams.push(await e.readParams(l));
        }
      } finally {
        e.destroy();
      }
      const net = new Mlp(spec.shape);
      const d = generateDataset(spec.dataset);
      const P = net.size;
      spec.optimizers.forEach((lane, l) => {
        const want: number[] = [];
        for (let r = 0; r < NETWORKS; r++) {
          const n: NetworkState = initialNetwork(spec, lane, r);
          for (let t = 1; t <= 4; t++) trainStep(spec, lane, net, d, r, n, t);
          want.push(...n.w);
        }
        // Parameters of magnitude up to 2 move by up to 0.09 in 4 steps;
        // float32 storage and gradients leave 2e-7 (measured for every
        // optimizer): 2e-6 is a margin of 10.
        expectClose(
          gpuParams[l]!,
          want,
          { atol: 2e-6, rtol: 0 },
          `${lane.def.id} parameters`,
          (i) => `net ${Math.floor(i / P)} w${i % P}`,
        );
      });
    },
  );
});

describe('divergence and quantiles', () => {
  // A linear model blows up geometrically under too large a step, with no
  // kink or saturation to make float32 and Float64 part ways (a hidden
  // ReLU layer at lr 100 is chaotic: both diverge, at different steps).
  test.each(['unrolled', 'loops'] as const)(
    'diverged networks are counted at the step the twin says (%s)',
    async (form) => {
      const spec = resolveNetworkSpec({
        network: {
          dataset: { kind: 'circle', n: 50, noise: 0.05 },
          widths: [2, 1],
          loss: 'mse',
        },
        optimizers: [
          { id: 'gd', hyper: { lr: 0.1 }, batchSize: 7 },
          { id: 'gd', hyper: { lr: 50 }, batchSize: 7 },
        ],
        runs: NETWORKS,
        steps: 60,
        seed: 2,
        record: { every: 10 },
        sharpness: false,
      });
      const r = await runNetworkExperiment(gpu(), spec, { form });
      const [calm, wild] = r.lanes;
      expect(calm!.diverged).toBe(0);
      expect(calm!.trainQuantiles.live).toEqual(new Array(7).fill(NETWORKS));
      const net = new Mlp(spec.shape);
      const d = generateDataset(spec.dataset);
      const lane = spec.optimizers[1]!;
      const want = Array.from({ length: NETWORKS }, (_, run) => {
        const n = initialNetwork(spec, lane, run);
        for (let t = 1; t <= 60; t++) trainStep(spec, lane, net, d, run, n, t);
        return n.divergedAt;
      });
      expect(Array.from(wild!.divergedAt)).toEqual(want);
      expect(wild!.diverged).toBe(want.filter((t) => t > 0).length);
      expect(wild!.diverged).toBeGreaterThan(NETWORKS / 2);
      // the live counts at each record are the networks not yet diverged
      const live = wild!.trainQuantiles.steps.map(
        (step) => want.filter((t) => t === 0 || t > step).length,
      );
      expect(wild!.trainQuantiles.live).toEqual(live);
    },
  );

  test('the last record holds the exact quantiles of the final losses', async () => {
    const spec = resolveNetworkSpec({
      network: { dataset: { kind: 'gauss', n: 90, noise: 0.1 } },
      optimizers: [{ id: 'momentum', hyper: { lr: 0.05 }, batchSize: 5 }],
      runs: 101,
      steps: 30,
      seed: 6,
      record: { every: 15, quantiles: [0, 0.25, 0.5, 0.9, 1] },
      sharpness: false,
    });
    const r = await runNetworkExperiment(gpu(), spec);
    const l = r.lanes[0]!;
    for (const [series, losses] of [
      [l.trainQuantiles, l.trainLoss],
      [l.testQuantiles, l.testLoss],
    ] as const) {
      const sorted = Array.from(losses).sort((a, b) => a - b);
      expect(series.steps).toEqual([0, 15, 30]);
      expect(series.values[2]).toEqual(
        series.levels.map((q) => nearestRank(sorted, q)),
      );
    }
  });
});

describe('stepping', () => {
  test('a few steps per frame give the networks of one run to the end', async () => {
    const spec = resolveNetworkSpec({
      network: { dataset: { kind: 'spiral', n: 50 }, widths: [2, 5, 3, 1] },
      optimizers: [
        { id: 'adam', hyper: { lr: 0.02 }, batchSize: 7 },
        { id: 'gd', hyper: { lr: 0.3 }, batchSize: 'full' },
      ],
      runs: NETWORKS,
      steps: 23,
      seed: 4,
      record: { every: 5 },
      sharpness: false,
    });
    const stepped = await NetExperiment.create(gpu(), spec);
    const whole = await NetExperiment.create(gpu(), spec);
    try {
      const seen: number[] = [];
      while (!stepped.finished) {
        stepped.advance(3);
        seen.push((await stepped.stats()).step);
      }
      expect(seen).toEqual([3, 6, 9, 12, 15, 18, 21, 23]);
      await whole.runToEnd();
      const live = await stepped.stats();
      const done = await whole.results();
      for (let l = 0; l < 2; l++) {
        expect(Array.from(await stepped.readParams(l))).toEqual(
          Array.from(await whole.readParams(l)),
        );
        expect(live.lanes[l]!.trainQuantiles).toEqual(
          done.lanes[l]!.trainQuantiles,
        );
        expect(live.lanes[l]!.trainQuantiles.steps).toEqual([
          0, 5, 10, 15, 20, 23,
        ]);
      }
    } finally {
      stepped.destroy();
      whole.destroy();
    }
  });
});

describe('networks learn', () => {
  test('Adam reaches 95 % training accuracy on XOR in all of 64 networks', async () => {
    const spec = resolveNetworkSpec({
      network: {
        dataset: { kind: 'xor', n: 200, noise: 0.05 },
        widths: [2, 8, 8, 1],
        activation: 'tanh',
        loss: 'bce',
      },
      optimizers: [{ id: 'adam', hyper: { lr: 0.03 }, batchSize: 16 }],
      runs: 64,
      steps: 300,
      seed: 5,
      sharpness: false,
    });
    const r = await runNetworkExperiment(gpu(), spec);
    const lane = r.lanes[0]!;
    const acc = Array.from(lane.trainAccuracy);
    expect(lane.diverged).toBe(0);
    expect(Math.min(...acc)).toBeGreaterThanOrEqual(0.95);
    expect(lane.median.testAccuracy).toBeGreaterThanOrEqual(0.9);
    // the median training loss falls at every record
    const medians = lane.trainQuantiles.values.map((v) => v[1]!);
    expect(medians[medians.length - 1]!).toBeLessThan(0.2 * medians[0]!);
  });
});
