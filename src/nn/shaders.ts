/**
 * Composes the network kernels from WGSL modules, as src/engine/shaders.ts
 * does for 2D landscapes: common/random + kernels/layout + nn/capacity +
 * nn/common + the network's functions (by loops, or written out for the
 * shape by src/nn/unrolled.ts) + an optimizer module and a driver. The
 * network's shape goes in as pipeline override constants; nn/capacity,
 * generated, sizes the private arrays.
 */
import randomWgsl from '../../shaders/common/random.wgsl?raw';
import layoutWgsl from '../../shaders/kernels/layout.wgsl?raw';
import decisionWgsl from '../../shaders/nn/decision.wgsl?raw';
import derivativesWgsl from '../../shaders/nn/derivatives.wgsl?raw';
import evaluateWgsl from '../../shaders/nn/evaluate.wgsl?raw';
import commonWgsl from '../../shaders/nn/common.wgsl?raw';
import gradientPlainWgsl from '../../shaders/nn/gradient_plain.wgsl?raw';
import gradientSamWgsl from '../../shaders/nn/gradient_sam.wgsl?raw';
import mlpWgsl from '../../shaders/nn/mlp.wgsl?raw';
import networkWgsl from '../../shaders/nn/network.wgsl?raw';
import networkRopWgsl from '../../shaders/nn/network_rop.wgsl?raw';
import networkSamWgsl from '../../shaders/nn/network_sam.wgsl?raw';
import networkUpdateWgsl from '../../shaders/nn/network_update.wgsl?raw';
import ropWgsl from '../../shaders/nn/mlp_rop.wgsl?raw';
import probeWgsl from '../../shaders/nn/probe.wgsl?raw';
import sharpnessWgsl from '../../shaders/nn/sharpness.wgsl?raw';
import trainWgsl from '../../shaders/nn/train.wgsl?raw';
import type { CoordinateOptimizer } from '../optimizers/optimizer';
import { MAX_LAYERS, parameterCount, type NetworkShape } from './mlp';
import type { NetSampling } from './spec';
import {
  UNROLL_LIMIT,
  unrolledNetwork,
  unrolledRop,
  unrolledSam,
  unrolledUpdate,
} from './unrolled';

function join(parts: readonly [string, string][]): string {
  return parts.map(([name, code]) => `// ---- ${name}\n${code}`).join('\n');
}

/** Widths of a network: what the capacity module needs. */
type Widths = readonly number[];

/** common/random + kernels/layout + nn/capacity + nn/common. */
function prelude(widths: Widths): [string, string][] {
  return [
    ['common/random.wgsl', randomWgsl],
    ['kernels/layout.wgsl', layoutWgsl],
    capacityModule(widths),
    ['nn/common.wgsl', commonWgsl],
  ];
}

/**
 * The one generated module that every network kernel has: the length of
 * the private arrays that hold a network (WGSL sizes private arrays by
 * constant expressions only, so an override cannot).
 */
export function capacityModule(widths: Widths): [string, string] {
  const flat = Math.max(1, parameterCount(widths));
  return [
    'nn/capacity (generated)',
    `const NET_CAPACITY: u32 = ${flat}u; // parameters of one network\n`,
  ];
}

/** How the network functions of the kernels are built. */
export type NetworkForm = 'loops' | 'unrolled';

/** Unrolled up to UNROLL_LIMIT parameters, loops above. */
export function defaultForm(widths: Widths): NetworkForm {
  return parameterCount(widths) <= UNROLL_LIMIT ? 'unrolled' : 'loops';
}

/** The text of nn/common.wgsl alone (its stream constants are checked). */
export const commonModuleSource = commonWgsl;

/** What a kernel needs of the network besides its forward pass. */
interface Needs {
  /** Hessian-vector products (network_v, network_hvp_example). */
  rop?: boolean;
  /** Training: this optimizer's module and the update functions. */
  optimizer?: CoordinateOptimizer;
  /** SAM's moves of the network (network_ascend, network_descend). */
  sam?: boolean;
}

/**
 * The network functions of nn/network.wgsl and its companions, by loops
 * over the layers or written out for this shape (src/nn/unrolled.ts).
 */
function network(
  widths: Widths,
  form: NetworkForm,
  needs: Needs,
): [string, string][] {
  const o = needs.optimizer;
  const optimizer: [string, string][] = o
    ? [[`optimizers/${o.id}`, o.wgsl]]
    : [];
  if (form === 'loops') {
    return [
      ['nn/mlp.wgsl', mlpWgsl],
      ['nn/network.wgsl', networkWgsl],
      ...(needs.rop
        ? ([
            ['nn/mlp_rop.wgsl', ropWgsl],
            ['nn/network_rop.wgsl', networkRopWgsl],
          ] as [string, string][])
        : []),
      ...optimizer,
      ...(o
        ? ([['nn/network_update.wgsl', networkUpdateWgsl]] as [
            string,
            string,
          ][])
        : []),
      ...(needs.sam
        ? ([['nn/network_sam.wgsl', networkSamWgsl]] as [string, string][])
        : []),
    ];
  }
  const shape = { widths };
  return [
    ['nn/network, unrolled (generated)', unrolledNetwork(shape)],
    ...(needs.rop
      ? ([['nn/network_rop, unrolled (generated)', unrolledRop(shape)]] as [
          string,
          string,
        ][])
      : []),
    ...optimizer,
    ...(o
      ? ([
          ['nn/network_update, unrolled (generated)', unrolledUpdate(shape)],
        ] as [string, string][])
      : []),
    ...(needs.sam
      ? ([['nn/network_sam, unrolled (generated)', unrolledSam(shape)]] as [
          string,
          string,
        ][])
      : []),
  ];
}

/** A kernel: the prelude, the network, and the driver. */
function kernel(
  widths: Widths,
  form: NetworkForm,
  needs: Needs,
  driver: [string, string],
): string {
  return join([...prelude(widths), ...network(widths, form, needs), driver]);
}

/**
 * The training kernel of one optimizer: with the plain mini-batch
 * gradient, or with SAM's (nn/gradient_sam.wgsl), which only SAM lanes
 * compile.
 */
export function trainKernelSource(
  o: CoordinateOptimizer,
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
  sam = false,
): string {
  return join([
    ...prelude(widths),
    ...network(widths, form, { optimizer: o, sam }),
    sam
      ? ['nn/gradient_sam.wgsl', gradientSamWgsl]
      : ['nn/gradient_plain.wgsl', gradientPlainWgsl],
    ['nn/train.wgsl', trainWgsl],
  ]);
}

/** The kernel that evaluates networks on the training and test sets. */
export function evaluateKernelSource(
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
): string {
  return kernel(widths, form, {}, ['nn/evaluate.wgsl', evaluateWgsl]);
}

/** The kernel that measures the sharpness of networks. */
export function sharpnessKernelSource(
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
): string {
  return kernel(widths, form, { rop: true }, [
    'nn/sharpness.wgsl',
    sharpnessWgsl,
  ]);
}

/** The kernel that returns each network's gradient or Hessian-vector
 * product over the first examples. */
export function derivativesKernelSource(
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
): string {
  return kernel(widths, form, { rop: true }, [
    'nn/derivatives.wgsl',
    derivativesWgsl,
  ]);
}

/** The kernel that evaluates perturbed networks (slices, paths). */
export function probeKernelSource(
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
): string {
  return kernel(widths, form, {}, ['nn/probe.wgsl', probeWgsl]);
}

/** The kernel that draws decision regions of networks. */
export function decisionKernelSource(
  widths: Widths,
  form: NetworkForm = defaultForm(widths),
): string {
  return kernel(widths, form, {}, ['nn/decision.wgsl', decisionWgsl]);
}

/**
 * The override constant of a training pipeline that selects its
 * sampling (nn/train.wgsl's SAMPLING): none for sampling with
 * replacement, whose pipelines stay as they were.
 */
export function samplingConstants(
  sampling: NetSampling,
): Record<string, number> {
  return sampling === 'epochs' ? { SAMPLING: 1 } : {};
}

/** The override constants that fix a network's shape in a pipeline. */
export function shapeConstants(shape: NetworkShape): Record<string, number> {
  const c: Record<string, number> = {
    DEPTH: shape.widths.length - 1,
    ACTIVATION: shape.activation === 'tanh' ? 0 : 1,
    LOSS: shape.loss === 'bce' ? 0 : 1,
  };
  for (let l = 0; l <= MAX_LAYERS; l++) c[`WIDTH_${l}`] = shape.widths[l] ?? 0;
  return c;
}
