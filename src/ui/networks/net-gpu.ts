/**
 * Training and views on the GPU: NetExperiment, then the landscape
 * kernels of src/nn/landscape.ts over the final networks.
 */
import type { Gpu } from '../../engine/gpu';
import type { Dataset } from '../../nn/datasets';
import { NetExperiment } from '../../nn/engine';
import { decisionGrids, interpolate, lossSlice } from '../../nn/landscape';
import type { NetworkShape } from '../../nn/mlp';
import type { ResolvedNetworkSpec } from '../../nn/spec';
import {
  SLICE,
  THUMB_BOUNDS,
  type Trained,
  type ViewSource,
} from './net-views';

/**
 * Trains a spec to the end on the GPU; `phase` is told as each part
 * starts (1 training, 2 sharpness and read-back).
 */
export async function trainOnGpu(
  gpu: Gpu,
  spec: ResolvedNetworkSpec,
  phase: (step: number) => void,
): Promise<Trained> {
  const e = await NetExperiment.create(gpu, spec);
  try {
    phase(1);
    await e.runToEnd();
    phase(2);
    const result = await e.results();
    const params: Float32Array[] = [];
    for (let i = 0; i < spec.optimizers.length; i++) {
      params.push(await e.readParams(i));
    }
    const views = gpuViews(gpu, spec.shape, e.dataset);
    return { result, data: e.dataset, params, views };
  } finally {
    e.destroy();
  }
}

/** Views computed on the GPU. */
export function gpuViews(
  gpu: Gpu,
  shape: NetworkShape,
  data: Dataset,
): ViewSource {
  const ctx = { gpu, shape, data };
  return {
    decisions: (params, resolution) =>
      decisionGrids(gpu, shape, params, resolution, THUMB_BOUNDS),
    slice: (w) => lossSlice(ctx, w, { dims: 2, ...SLICE }),
    path: (a, b) => interpolate(ctx, a, b),
  };
}
