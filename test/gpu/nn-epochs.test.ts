/**
 * Sampling by epochs on the GPU: training steps against the Float64 twin
 * (a network written out and one of loops, batches that do not divide
 * the training set, so that batches straddle epochs), and a first epoch
 * that takes every training example exactly once.
 */
import { describe, expect, test } from 'vitest';
import { generateDataset } from '../../src/nn/datasets';
import { NetExperiment } from '../../src/nn/engine';
import { Mlp, range } from '../../src/nn/mlp';
import {
  batchIndices,
  initialNetwork,
  trainStep,
} from '../../src/nn/reference';
import {
  resolveNetworkSpec,
  type NetOptimizerSpec,
  type ResolvedNetOptimizer,
  type ResolvedNetworkSpec,
} from '../../src/nn/spec';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

/** 13 networks, no multiple of the workgroup size. */
const NETWORKS = 13;

function epochSpec(
  optimizers: NetOptimizerSpec[],
  steps: number,
  testFraction: number,
): ResolvedNetworkSpec {
  return resolveNetworkSpec({
    network: {
      dataset: { kind: 'moons', n: 40, noise: 0.1, testFraction },
      widths: [2, 5, 3, 1],
      activation: 'tanh',
      loss: 'bce',
      l2: 1e-3,
    },
    optimizers,
    runs: NETWORKS,
    steps,
    seed: 9,
    sharpness: false,
  });
}

/** Every lane's parameters after training on the GPU. */
async function trainedParams(
  spec: ResolvedNetworkSpec,
  form: 'unrolled' | 'loops',
): Promise<Float32Array[]> {
  const e = await NetExperiment.create(gpu(), spec, { form });
  try {
    await e.runToEnd();
    const out: Float32Array[] = [];
    for (let l = 0; l < spec.optimizers.length; l++) {
      out.push(await e.readParams(l));
    }
    return out;
  } finally {
    e.destroy();
  }
}

/** The twin's parameters of every network of a lane after training. */
function twinParams(
  spec: ResolvedNetworkSpec,
  lane: ResolvedNetOptimizer,
): number[] {
  const net = new Mlp(spec.shape);
  const d = generateDataset(spec.dataset);
  const want: number[] = [];
  for (let r = 0; r < NETWORKS; r++) {
    const n = initialNetwork(spec, lane, r);
    for (let t = 1; t <= spec.steps; t++) {
      trainStep(spec, lane, net, d, r, n, t);
    }
    want.push(...n.w);
  }
  return want;
}

const names = (P: number) => (i: number) =>
  `net ${Math.floor(i / P)} w${i % P}`;

describe('training by epochs on the GPU matches the Float64 twin', () => {
  // 30 training examples, batches of 7: step 5 takes the last 2 of the
  // first epoch and the first 5 of the second; 6 steps reach into it
  test.each(['unrolled', 'loops'] as const)(
    '%s: 13 networks, 6 steps of 7 of 30 examples',
    async (form) => {
      const spec = epochSpec(
        [
          { id: 'gd', hyper: { lr: 0.3 }, batchSize: 7, sampling: 'epochs' },
          {
            id: 'momentum',
            hyper: { lr: 0.1 },
            batchSize: 7,
            sampling: 'epochs',
            gradient: { id: 'sam', hyper: { rho: 0.05 } },
          },
        ],
        6,
        0.25,
      );
      const gpuParams = await trainedParams(spec, form);
      const P = spec.parameters;
      spec.optimizers.forEach((lane, l) => {
        // Parameters up to 1.9 after 6 steps; float32 storage and
        // gradients leave 1.4e-7 (SGD) and 1.7e-7 (momentum with SAM),
        // measured in both forms: 2e-6 is a margin of 10.
        expectClose(
          gpuParams[l]!,
          twinParams(spec, lane),
          { atol: 2e-6, rtol: 0 },
          `${lane.label} parameters`,
          names(P),
        );
      });
    },
  );
});

describe('the first epoch', () => {
  test('takes every training example once: 4 steps of 8 of 32', async () => {
    const sgd = { id: 'gd', hyper: { lr: 0.3 }, batchSize: 8 };
    const spec = epochSpec(
      [
        { ...sgd, sampling: 'epochs' },
        { ...sgd, sampling: 'replacement' },
      ],
      4,
      0.2,
    );
    const [epochs, replacement] = spec.optimizers;
    expect(generateDataset(spec.dataset).nTrain).toBe(32);

    // the twin's indices of the first epoch are a permutation of the
    // training set for every network, and those with replacement not
    for (let r = 0; r < NETWORKS; r++) {
      const seen = range(1, 5).flatMap((t) =>
        batchIndices(spec.seed, r, t, epochs!, 32),
      );
      expect(seen.sort((a, b) => a - b)).toEqual(range(0, 32));
    }
    const repeats = range(0, NETWORKS).filter((r) => {
      const seen = range(1, 5).flatMap((t) =>
        batchIndices(spec.seed, r, t, replacement!, 32),
      );
      return new Set(seen).size < 32;
    });
    expect(repeats.length).toBe(NETWORKS);

    // and the GPU takes the twin's examples: its networks are the
    // twin's by epochs (1.9e-7 measured), far from the twin's with
    // replacement
    const [gpuEpochs] = await trainedParams(spec, 'unrolled');
    const P = spec.parameters;
    expectClose(
      gpuEpochs!,
      twinParams(spec, epochs!),
      { atol: 2e-6, rtol: 0 },
      'parameters by epochs',
      names(P),
    );
    const other = twinParams(spec, replacement!);
    const apart = Math.max(
      ...other.map((v, i) => Math.abs(v - gpuEpochs![i]!)),
    );
    expect(apart).toBeGreaterThan(1e-3);
  });
});
