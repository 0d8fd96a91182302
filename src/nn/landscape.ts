/**
 * Landscape views of trained networks, evaluated on the GPU as thousands
 * of perturbed networks at once (shaders/nn/probe.wgsl):
 *
 * - one- and two-dimensional slices of the loss around a network along
 *   random directions normalized filter by filter (H. Li, Z. Xu, G.
 *   Taylor, C. Studer, T. Goldstein, Visualizing the Loss Landscape of
 *   Neural Nets, NeurIPS 2018);
 * - the straight path between two networks (I. Goodfellow, O. Vinyals,
 *   A. Saxe, Qualitatively characterizing neural network optimization
 *   problems, ICLR 2015), which shows the barrier between their minima;
 * - decision-region thumbnails: the output of networks over a grid of
 *   inputs (shaders/nn/decision.wgsl).
 */
import type { Gpu } from '../engine/gpu';
import { structOf, wordOffsets } from '../engine/shaders';
import { normal2 } from '../util/random';
import type { Dataset } from './datasets';
import { packExamples, runOnce } from './kernel';
import { layersOf, parameterCount, type NetworkShape } from './mlp';
import {
  decisionKernelSource,
  probeKernelSource,
  shapeConstants,
} from './shaders';
import { NN_STREAM } from './streams';

// Struct layouts do not depend on the capacity: reflect any one.
const valueStruct = structOf(probeKernelSource([2, 1], 'loops'), 'ProbeValue');
const VALUE = {
  words: valueStruct.size / 4,
  ...wordOffsets(valueStruct, [
    'train_loss',
    'test_loss',
    'train_accuracy',
    'test_accuracy',
  ] as const),
};

/** What the probes need: the device, the network's shape and its data. */
export interface ProbeContext {
  gpu: Gpu;
  shape: NetworkShape;
  data: Dataset;
  workgroupSize?: number;
}

/** Measures of the networks at the points of a grid. */
export interface ProbeGrid {
  /** Coordinates along the first direction (columns). */
  alphas: number[];
  /** Coordinates along the second direction (rows); [0] for 1D. */
  betas: number[];
  /** Training objective (mean loss plus penalty), row by row:
   * value[b * alphas.length + a] is at (alphas[a], betas[b]). */
  trainLoss: Float32Array;
  testLoss: Float32Array;
  trainAccuracy: Float32Array;
  testAccuracy: Float32Array;
}

/**
 * A random direction normalized filter by filter (Li et al., 2018): a
 * standard normal vector keyed by (seed, direction), each neuron's
 * incoming weights scaled to the norm of that neuron's weights in w, and
 * the biases left at 0 (as Li et al. do).
 */
export function filterNormalizedDirection(
  shape: Pick<NetworkShape, 'widths'>,
  w: ArrayLike<number>,
  seed: number,
  direction: number,
): Float32Array {
  const d = new Float32Array(parameterCount(shape.widths));
  for (const L of layersOf(shape.widths)) {
    for (let j = 0; j < L.nOut; j++) {
      const row = L.weights + j * L.nIn;
      const g: number[] = [];
      for (let k = 0; k < L.nIn; k++) {
        const i = row + k;
        g.push(normal2(seed, direction, i >> 1, NN_STREAM.direction)[i & 1]!);
      }
      const gNorm = Math.hypot(...g);
      let wNorm = 0;
      for (let k = 0; k < L.nIn; k++) wNorm += w[row + k]! ** 2;
      const scale = gNorm > 0 ? Math.sqrt(wNorm) / gNorm : 0;
      g.forEach((v, k) => (d[row + k] = v * scale));
    }
  }
  return d;
}

/**
 * The networks center + alpha d1 + beta d2 for every alpha and beta,
 * each evaluated on the whole training and test sets.
 */
export async function probeGrid(
  ctx: ProbeContext,
  center: ArrayLike<number>,
  d1: ArrayLike<number>,
  d2: ArrayLike<number> | null,
  alphas: readonly number[],
  betas: readonly number[] = [0],
): Promise<ProbeGrid> {
  const P = parameterCount(ctx.shape.widths);
  const vectors = new Float32Array(3 * P);
  vectors.set(
    Array.from({ length: P }, (_, i) => center[i]!),
    0,
  );
  vectors.set(
    Array.from({ length: P }, (_, i) => d1[i]!),
    P,
  );
  if (d2)
    vectors.set(
      Array.from({ length: P }, (_, i) => d2[i]!),
      2 * P,
    );
  const coords = new Float32Array(2 * alphas.length * betas.length);
  betas.forEach((b, r) =>
    alphas.forEach((a, c) => {
      const k = r * alphas.length + c;
      coords[2 * k] = a;
      coords[2 * k + 1] = b;
    }),
  );
  const n = alphas.length * betas.length;
  const d = ctx.data;
  const wg = ctx.workgroupSize ?? 32;
  const [raw] = await runOnce(
    ctx.gpu,
    'NetProbe',
    {
      code: probeKernelSource(ctx.shape.widths),
      layout: probeKernelSource(ctx.shape.widths, 'loops'),
    },
    { ...shapeConstants(ctx.shape), WORKGROUP_SIZE: wg },
    n,
    [
      {
        kind: 'driver',
        values: {
          point_count: n,
          train_count: d.nTrain,
          test_count: d.nTest,
          l2: ctx.shape.l2,
        },
      },
      { kind: 'input', data: packExamples(d, d.nTrain + d.nTest) },
      { kind: 'input', data: vectors },
      { kind: 'input', data: coords },
      { kind: 'output', bytes: n * VALUE.words * 4 },
    ],
  );
  const f = new Float32Array(raw!);
  const field = (o: number) =>
    Float32Array.from({ length: n }, (_, i) => f[i * VALUE.words + o]!);
  return {
    alphas: [...alphas],
    betas: [...betas],
    trainLoss: field(VALUE.train_loss),
    testLoss: field(VALUE.test_loss),
    trainAccuracy: field(VALUE.train_accuracy),
    testAccuracy: field(VALUE.test_accuracy),
  };
}

/** `count` evenly spaced numbers from `from` to `to`, both included. */
export function linspace(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  return Array.from(
    { length: count },
    (_, i) => from + ((to - from) * i) / (count - 1),
  );
}

/**
 * The loss around network w on a (2 radius)-wide square of
 * filter-normalized directions (or a segment with `dims` 1), with
 * `points` per side; directions 2 seed and 2 seed + 1 of the generator.
 */
export async function lossSlice(
  ctx: ProbeContext,
  w: ArrayLike<number>,
  options: { dims: 1 | 2; radius?: number; points?: number; seed?: number },
): Promise<ProbeGrid & { d1: Float32Array; d2: Float32Array | null }> {
  const radius = options.radius ?? 1;
  const points = options.points ?? (options.dims === 1 ? 101 : 41);
  const seed = options.seed ?? 1;
  const d1 = filterNormalizedDirection(ctx.shape, w, seed, 0);
  const d2 =
    options.dims === 2
      ? filterNormalizedDirection(ctx.shape, w, seed, 1)
      : null;
  const axis = linspace(-radius, radius, points);
  const grid = await probeGrid(
    ctx,
    w,
    d1,
    d2,
    axis,
    options.dims === 2 ? axis : [0],
  );
  return { ...grid, d1, d2 };
}

/**
 * The straight path (1 - alpha) a + alpha b between networks a and b, at
 * `points` values of alpha from -margin to 1 + margin (0 and 1 always
 * among them), and the barrier: the highest training objective on [0, 1]
 * above the higher of the two ends.
 */
export async function interpolate(
  ctx: ProbeContext,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  points = 51,
  margin = 0.25,
): Promise<ProbeGrid & { barrier: number }> {
  const d = Array.from({ length: a.length }, (_, i) => b[i]! - a[i]!);
  const alphas = [
    ...new Set([...linspace(-margin, 1 + margin, points), 0, 1]),
  ].sort((x, y) => x - y);
  const grid = await probeGrid(ctx, a, d, null, alphas);
  const at = (x: number) => grid.trainLoss[alphas.indexOf(x)]!;
  let top = -Infinity;
  alphas.forEach((x, i) => {
    if (x >= 0 && x <= 1) top = Math.max(top, grid.trainLoss[i]!);
  });
  return { ...grid, barrier: top - Math.max(at(0), at(1)) };
}

/**
 * Decision-region thumbnails: the output of each network over a
 * resolution x resolution grid of inputs in [lo, hi]^2, network n at
 * [n r^2, (n + 1) r^2), row by row from the bottom.
 */
export async function decisionGrids(
  gpu: Gpu,
  shape: NetworkShape,
  params: Float32Array,
  resolution = 32,
  bounds: readonly [number, number] = [-1.2, 1.2],
  workgroupSize = 32,
): Promise<Float32Array> {
  const P = parameterCount(shape.widths);
  const networks = Math.floor(params.length / P);
  const n = networks * resolution * resolution;
  const [out] = await runOnce(
    gpu,
    'NetDecision',
    {
      code: decisionKernelSource(shape.widths),
      layout: decisionKernelSource(shape.widths, 'loops'),
    },
    { ...shapeConstants(shape), WORKGROUP_SIZE: workgroupSize },
    n,
    [
      {
        kind: 'driver',
        values: {
          network_count: networks,
          resolution,
          lo: [bounds[0], bounds[0]],
          hi: [bounds[1], bounds[1]],
        },
      },
      { kind: 'input', data: params },
      { kind: 'output', bytes: n * 4 },
    ],
  );
  return new Float32Array(out!, 0, n);
}
