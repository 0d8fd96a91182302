/**
 * What one run-step of Basins' kernels costs, counted by hand from the WGSL
 * (shaders/kernels/fused.wgsl, shaders/oracles/plain.wgsl,
 * shaders/objectives/rosenbrock.wgsl, shaders/optimizers/adam.wgsl) and in
 * bytes from the reflected structs. docs/bench.md explains each count.
 */
import type { ArrayDefinition } from 'webgpu-utils';
import { fusedKernelSource, reflect } from '../engine/shaders';
import { rosenbrock } from '../objectives/rosenbrock';
import { adam } from '../optimizers/adam';

/**
 * Floating-point operations of one Adam step on Rosenbrock in the fused
 * kernel, as written in the source: add, subtract, multiply, divide and
 * square root count 1 each; comparisons, abs, select and integer work
 * count 0. Nothing is taken off for constants a compiler may hoist (the
 * 1 - beta terms, 4 per step) or for wd * x with wd = 0 (2 per step).
 */
export const FUSED_ADAM_ROSENBROCK_OPS = {
  /** landscape_value_grad: d 1, e 2, be 1, f 3, gx 4, gy 1. */
  valueGrad: 12,
  /** The plain oracle: fg.yz + gradient_noise(), a vec2 add of zeros. */
  oracle: 2,
  /** opt_update on each coordinate: m 4, v 5, denom = sqrt(v) r + eps 3,
   * x - step (m / denom) - lr wd x 6. */
  adam: 2 * 18,
  /** converged(): dot 3, tol^2 1, |f - f_prev| 1, 1 + |f| 1, times 1.
   * (The escape-box test and the selects of lane_step are comparisons
   * and selects: 0.) */
  convergence: 7,
} as const;

export const FUSED_OPS_PER_RUN_STEP =
  FUSED_ADAM_ROSENBROCK_OPS.valueGrad +
  FUSED_ADAM_ROSENBROCK_OPS.oracle +
  FUSED_ADAM_ROSENBROCK_OPS.adam +
  FUSED_ADAM_ROSENBROCK_OPS.convergence;

/**
 * FNV-1a hash of the composed kernel's code (fusedKernelSource of
 * Rosenbrock and Adam) the count above was made from. The benchmark reports whether the
 * current source still hashes to it: if not, the kernel changed and the
 * count needs a fresh look.
 */
export const COUNTED_SOURCES_HASH = 'f0c9e62e';

/** FNV-1a, 32 bits, of a string's UTF-16 code units, as 8 hex digits. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The hash of the fused Adam-on-Rosenbrock kernel's code now: comments and
 * runs of white space are left out, so that only a change of code counts.
 */
export function countedSourcesHash(): string {
  const code = fusedKernelSource(rosenbrock, adam)
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return fnv1a(code);
}

/** The element size of a runtime-sized storage array of a kernel. */
function elementBytes(source: string, binding: string): number {
  const t = reflect(source).storages[binding]?.typeDefinition;
  if (!t || !('elementType' in t)) {
    throw new Error(`the fused kernel has no storage array ${binding}`);
  }
  return (t as ArrayDefinition).elementType.size;
}

/**
 * Bytes one run-step moves when each dispatch takes one step: the run
 * struct and both coordinates' optimizer state, read once and written
 * once. The path slots are read only by a pipeline that records paths
 * (RECORD), and the benchmark records none: their size is reported, not
 * counted. Uniforms and the per-step constants are the same for every run
 * and stay in caches; they are not counted. Sizes are the WGSL array
 * strides, read from the composed kernel.
 */
export function unfusedBytesPerRunStep(): {
  runBytes: number;
  stateBytes: number;
  pathSlotBytes: number;
  total: number;
} {
  const source = fusedKernelSource(rosenbrock, adam);
  const runBytes = elementBytes(source, 'runs');
  const stateBytes = 2 * elementBytes(source, 'opt_state');
  const pathSlotBytes = elementBytes(source, 'path_slot');
  return {
    runBytes,
    stateBytes,
    pathSlotBytes,
    total: 2 * (runBytes + stateBytes),
  };
}
