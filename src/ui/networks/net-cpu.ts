/**
 * Training and views on the CPU in Float64, for the tiny experiment the
 * page runs without WebGPU.
 */
import { generateDataset, type Dataset } from '../../nn/datasets';
import { filterNormalizedDirection, linspace } from '../../nn/landscape';
import { Mlp, range, type NetworkShape } from '../../nn/mlp';
import {
  initialNetwork,
  runNetworkReference,
  trainStep,
} from '../../nn/reference';
import type { ResolvedNetworkSpec } from '../../nn/spec';
import {
  SLICE,
  THUMB_BOUNDS,
  type Trained,
  type ViewSource,
} from './net-views';

/** The same views in Float64 on the CPU (small networks only). */
export function cpuViews(shape: NetworkShape, data: Dataset): ViewSource {
  const net = new Mlp(shape);
  const train = range(0, data.nTrain);
  const test = range(data.nTrain, data.nTrain + data.nTest);
  const along = (
    c: Float32Array,
    d1: ArrayLike<number>,
    d2: ArrayLike<number> | null,
    a: number,
    b: number,
  ) => Float64Array.from(c, (x, i) => x + a * d1[i]! + (d2 ? b * d2[i]! : 0));
  return {
    decisions: async (params, resolution) => {
      const P = net.size;
      const networks = Math.floor(params.length / P);
      const out = new Float32Array(networks * resolution * resolution);
      const axis = linspace(THUMB_BOUNDS[0], THUMB_BOUNDS[1], resolution);
      for (let n = 0; n < networks; n++) {
        const w = params.subarray(n * P, (n + 1) * P);
        axis.forEach((y, row) =>
          axis.forEach((x, col) => {
            const k = (n * resolution + row) * resolution + col;
            out[k] = net.forward(w, x, y);
          }),
        );
      }
      return out;
    },
    slice: async (w) => {
      const d1 = filterNormalizedDirection(shape, w, 1, 0);
      const d2 = filterNormalizedDirection(shape, w, 1, 1);
      const axis = linspace(-SLICE.radius, SLICE.radius, SLICE.points);
      const loss = new Float32Array(axis.length ** 2);
      axis.forEach((b, r) =>
        axis.forEach((a, c) => {
          const p = along(w, d1, d2, a, b);
          loss[r * axis.length + c] = net.loss(p, data, train);
        }),
      );
      return { alphas: axis, betas: axis, trainLoss: loss };
    },
    path: async (a, b) => {
      const d = Float32Array.from(a, (x, i) => b[i]! - x);
      // as interpolate() takes them: 0 and 1 always among them
      const alphas = [...new Set([...linspace(-0.25, 1.25, 51), 0, 1])].sort(
        (x, y) => x - y,
      );
      const trainLoss = new Float32Array(alphas.length);
      const testLoss = new Float32Array(alphas.length);
      alphas.forEach((t, i) => {
        const p = along(a, d, null, t, 0);
        trainLoss[i] = net.loss(p, data, train);
        testLoss[i] = net.loss(p, data, test) - net.penalty(p);
      });
      const at = (x: number) => trainLoss[alphas.indexOf(x)]!;
      let top = -Infinity;
      alphas.forEach((t, i) => {
        if (t >= 0 && t <= 1) top = Math.max(top, trainLoss[i]!);
      });
      const ends = Math.max(at(0), at(1));
      return { alphas, trainLoss, testLoss, barrier: top - ends };
    },
  };
}

/**
 * The final parameters of every network of a small spec, trained on the
 * CPU exactly as the reference engine trains them (the reference returns
 * measures, not weights).
 */
function finalWeights(
  spec: ResolvedNetworkSpec,
  data: Dataset,
): Float32Array[] {
  const net = new Mlp(spec.shape);
  const P = net.size;
  return spec.optimizers.map((lane) => {
    const out = new Float32Array(spec.runs * P);
    for (let r = 0; r < spec.runs; r++) {
      const st = initialNetwork(spec, lane, r);
      for (let t = 1; t <= spec.steps; t++) {
        trainStep(spec, lane, net, data, r, st, t);
      }
      out.set(st.w, r * P);
    }
    return out;
  });
}

/** Trains a small spec on the CPU: the reference's measures, and the
 * final weights for the views. */
export function trainOnCpu(spec: ResolvedNetworkSpec): Trained {
  const data = generateDataset(spec.dataset);
  return {
    result: runNetworkReference(spec),
    data,
    params: finalWeights(spec, data),
    views: cpuViews(spec.shape, data),
  };
}
