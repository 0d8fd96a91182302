/**
 * Landscape views of networks on the GPU against the Float64 twin: a 2D
 * grid of perturbed networks, a filter-normalized slice through a trained
 * network, the path between SGD's and Adam's networks, and decision-region
 * thumbnails.
 */
import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import { NetExperiment } from '../../src/nn/engine';
import {
  decisionGrids,
  interpolate,
  lossSlice,
  probeGrid,
  type ProbeContext,
} from '../../src/nn/landscape';
import { Mlp, range } from '../../src/nn/mlp';
import { resolveNetworkSpec } from '../../src/nn/spec';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

const spec = resolveNetworkSpec({
  network: {
    dataset: { kind: 'moons', n: 83, noise: 0.1 },
    widths: [2, 6, 5, 1],
    activation: 'tanh',
    loss: 'bce',
    l2: 1e-3,
  },
  optimizers: [
    { id: 'gd', hyper: { lr: 0.3 }, batchSize: 8 },
    { id: 'adam', hyper: { lr: 0.02 }, batchSize: 8 },
  ],
  runs: 5,
  steps: 200,
  seed: 8,
  sharpness: false,
});
const data = generateDataset(spec.dataset);
const net = new Mlp(spec.shape);
const P = net.size;

/** The final parameters of network 0 of each lane, and its losses. */
async function train() {
  const e = await NetExperiment.create(gpu(), spec);
  try {
    await e.runToEnd();
    const r = await e.results();
    return {
      sgd: await e.readParams(0, 0),
      adam: await e.readParams(1, 0),
      losses: r.lanes.map((l) => l.trainLoss[0]!),
    };
  } finally {
    e.destroy();
  }
}

let trainedOnce: ReturnType<typeof train> | null = null;
/** Trains once for the tests that need trained networks. */
function trained(): ReturnType<typeof train> {
  trainedOnce ??= train();
  return trainedOnce;
}

describe('probes of perturbed networks match the Float64 twin', () => {
  test('a 7 x 5 grid around a network, along two directions', async () => {
    const ctx: ProbeContext = { gpu: gpu(), shape: spec.shape, data };
    const w = Float32Array.from({ length: P }, (_, i) => Math.sin(i + 1));
    const d1 = Float32Array.from({ length: P }, (_, i) => Math.cos(3 * i));
    const d2 = Float32Array.from({ length: P }, (_, i) => Math.sin(5 * i));
    const alphas = [-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6];
    const betas = [-0.5, -0.1, 0, 0.3, 0.7];
    const g = await probeGrid(ctx, w, d1, d2, alphas, betas);
    const train: number[] = [];
    const test: number[] = [];
    const acc: number[] = [];
    for (const b of betas) {
      for (const a of alphas) {
        const p = Float32Array.from(w, (x, i) => x + a * d1[i]! + b * d2[i]!);
        train.push(net.loss(p, data, range(0, data.nTrain)));
        const t = net.evaluate(p, data, data.nTrain, spec.dataset.n);
        test.push(t.loss);
        acc.push(t.accuracy);
      }
    }
    // Losses of order 1 from float32 forward passes: 2e-7 relative was
    // measured for the derivatives (nn.test.ts); the perturbed weights
    // are formed in float32 too: 1e-5 is a margin of 10 or more.
    expectClose(g.trainLoss, train, { atol: 1e-5, rtol: 1e-5 }, 'train');
    expectClose(g.testLoss, test, { atol: 1e-5, rtol: 1e-5 }, 'test');
    // an accuracy may move by one example where a logit is within
    // rounding of 0
    expectClose(
      g.testAccuracy,
      acc,
      { atol: 1.01 / data.nTest, rtol: 0 },
      'test accuracy',
    );
  });
});

describe('views of trained networks', () => {
  test('a filter-normalized slice is lowest near the trained network', async () => {
    const { sgd, losses } = await trained();
    const ctx: ProbeContext = { gpu: gpu(), shape: spec.shape, data };
    const s = await lossSlice(ctx, sgd, { dims: 2, points: 9, radius: 1 });
    expect(s.trainLoss).toHaveLength(81);
    // the centre (alpha = beta = 0) is the network itself: its training
    // loss plus the penalty
    const centre = s.trainLoss[40]!;
    expect(centre).toBeCloseTo(losses[0]! + net.penalty(sgd), 5);
    // the rim of the square lies higher than the centre
    const rim = [0, 8, 72, 80].map((i) => s.trainLoss[i]!);
    for (const v of rim) expect(v).toBeGreaterThan(centre);
  });

  test("the path from SGD's network to Adam's passes both ends", async () => {
    const { sgd, adam, losses } = await trained();
    const ctx: ProbeContext = { gpu: gpu(), shape: spec.shape, data };
    const path = await interpolate(ctx, sgd, adam, 21, 0.2);
    const at = (x: number) => path.trainLoss[path.alphas.indexOf(x)]!;
    expect(at(0)).toBeCloseTo(losses[0]! + net.penalty(sgd), 5);
    expect(at(1)).toBeCloseTo(losses[1]! + net.penalty(adam), 5);
    expect(path.barrier).toBeGreaterThanOrEqual(0);
    expect(path.alphas[0]).toBeCloseTo(-0.2, 12);
  });

  test('decision thumbnails are the networks outputs at pixel centres', async () => {
    const params = Float32Array.from({ length: 3 * P }, (_, i) =>
      Math.cos(0.7 * i),
    );
    const res = 13;
    const out = await decisionGrids(gpu(), spec.shape, params, res, [-1, 1]);
    const want: number[] = [];
    for (let n = 0; n < 3; n++) {
      const w = params.subarray(n * P, (n + 1) * P);
      for (let row = 0; row < res; row++) {
        for (let col = 0; col < res; col++) {
          const x = -1 + ((col + 0.5) / res) * 2;
          const y = -1 + ((row + 0.5) / res) * 2;
          want.push(net.forward(w, x, y));
        }
      }
    }
    expectClose(out, want, { atol: 1e-5, rtol: 1e-5 }, 'outputs');
  });
});
