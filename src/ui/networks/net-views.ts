/**
 * Where the network page's views come from: the GPU (net-gpu.ts) or,
 * without WebGPU, the Float64 twin on the CPU (net-cpu.ts) for the tiny
 * experiments the page then runs. Both give the same three things:
 * decision grids, a 2D slice and a straight path. Both modules are
 * loaded on demand: the GPU modules reflect their WGSL when they load.
 */
import type { Dataset } from '../../nn/datasets';
import type { NetExperimentResult } from '../../nn/results';

/** Inputs of the decision grids: the data's square with a margin. */
export const THUMB_BOUNDS = [-1.2, 1.2] as const;

/** Points per side of the 2D slice, and its half-width. */
export const SLICE = { points: 41, radius: 1 } as const;

export interface SliceGrid {
  alphas: number[];
  betas: number[];
  trainLoss: Float32Array;
}

export interface PathGrid {
  alphas: number[];
  trainLoss: Float32Array;
  testLoss: Float32Array;
  barrier: number;
}

/** The views of trained networks, on the GPU or the CPU. */
export interface ViewSource {
  /** Outputs of every network in `params` over a grid of inputs. */
  decisions(params: Float32Array, resolution: number): Promise<Float32Array>;
  slice(w: Float32Array): Promise<SliceGrid>;
  path(a: Float32Array, b: Float32Array): Promise<PathGrid>;
}

/** What a training gives the page. */
export interface Trained {
  result: NetExperimentResult;
  data: Dataset;
  /** Final weights of every network, per lane. */
  params: Float32Array[];
  views: ViewSource;
}
