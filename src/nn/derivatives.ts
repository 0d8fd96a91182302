/**
 * The model's derivatives on the GPU as they are: each network's objective
 * over the first examples with its gradient, or its Hessian times a
 * vector (shaders/nn/derivatives.wgsl). The tests hold them against the
 * Float64 twin; they also serve diagnostics such as gradient norms.
 */
import type { Gpu } from '../engine/gpu';
import { packExamples, runOnce } from './kernel';
import { parameterCount, type Examples, type NetworkShape } from './mlp';
import {
  defaultForm,
  derivativesKernelSource,
  shapeConstants,
  type NetworkForm,
} from './shaders';

/** Per-network objective and derivative vector. */
export interface NetDerivatives {
  /** Mean loss over the examples plus the penalty (penalty alone for
   * Hessian-vector products). */
  loss: Float32Array;
  /** Gradient or H v, network r at [r P, (r + 1) P). */
  values: Float32Array;
}

/**
 * Gradients (no `vectors`) or Hessian-vector products of networks whose
 * parameters lie back to back in `params`, over examples [0, count).
 */
export async function networkDerivatives(
  gpu: Gpu,
  shape: NetworkShape,
  data: Examples,
  count: number,
  params: Float32Array,
  vectors?: Float32Array,
  form: NetworkForm = defaultForm(shape.widths),
  workgroupSize = 32,
): Promise<NetDerivatives> {
  const P = parameterCount(shape.widths);
  const runs = Math.floor(params.length / P);
  const [values, loss] = await runOnce(
    gpu,
    'NetDerivatives',
    {
      code: derivativesKernelSource(shape.widths, form),
      layout: derivativesKernelSource(shape.widths, 'loops'),
    },
    { ...shapeConstants(shape), WORKGROUP_SIZE: workgroupSize },
    runs,
    [
      {
        kind: 'driver',
        values: { run_count: runs, count, mode: vectors ? 1 : 0, l2: shape.l2 },
      },
      { kind: 'input', data: packExamples(data, count) },
      { kind: 'input', data: params },
      { kind: 'input', data: vectors ?? params },
      { kind: 'output', bytes: runs * P * 4 },
      { kind: 'output', bytes: runs * 4 },
    ],
  );
  return {
    values: new Float32Array(values!, 0, runs * P),
    loss: new Float32Array(loss!, 0, runs),
  };
}
