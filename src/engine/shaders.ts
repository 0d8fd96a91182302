/**
 * Composes kernels from WGSL modules: a driver plus one landscape module
 * plus one optimizer module, concatenated as readable WGSL. Buffer layouts
 * are read back from the composed text, so TypeScript never restates them.
 */
import {
  makeShaderDataDefinitions,
  type ShaderDataDefinitions,
  type StructDefinition,
} from 'webgpu-utils';
import randomWgsl from '../../shaders/common/random.wgsl?raw';
import basinsWgsl from '../../shaders/kernels/basins.wgsl?raw';
import fusedWgsl from '../../shaders/kernels/fused.wgsl?raw';
import layoutWgsl from '../../shaders/kernels/layout.wgsl?raw';
import probeWgsl from '../../shaders/kernels/probe.wgsl?raw';
import quantilesWgsl from '../../shaders/kernels/quantiles.wgsl?raw';
import sharpnessWgsl from '../../shaders/kernels/sharpness.wgsl?raw';
import stepCoordinateWgsl from '../../shaders/kernels/step_coordinate.wgsl?raw';
import stepVector2Wgsl from '../../shaders/kernels/step_vector2.wgsl?raw';
import type { Landscape } from '../objectives/landscape';
import type { Optimizer } from '../optimizers/optimizer';
import type { Oracle } from '../oracles/oracle';
import { plain } from '../oracles/plain';

function join(parts: readonly [string, string][]): string {
  return parts.map(([name, code]) => `// ---- ${name}\n${code}`).join('\n');
}

/** The fused optimization kernel for a landscape, an optimizer and the
 * oracle that forms its gradient. */
export function fusedKernelSource(
  l: Landscape,
  o: Optimizer,
  oracle: Oracle = plain,
): string {
  const adapter =
    o.kind === 'coordinate' ? stepCoordinateWgsl : stepVector2Wgsl;
  return join([
    ['common/random.wgsl', randomWgsl],
    ['kernels/layout.wgsl', layoutWgsl],
    [`objectives/${l.id}`, l.wgsl],
    [`optimizers/${o.id}`, o.wgsl],
    [`kernels/step_${o.kind}.wgsl`, adapter],
    [`oracles/${oracle.id}`, oracle.wgsl],
    ['kernels/fused.wgsl', fusedWgsl],
  ]);
}

/** The kernel that evaluates a landscape at given points. */
export function probeKernelSource(l: Landscape): string {
  return join([
    [`objectives/${l.id}`, l.wgsl],
    ['kernels/probe.wgsl', probeWgsl],
  ]);
}

/** The sharpness kernel's own text, for reflecting `struct Sharpness`. */
export const sharpnessModuleSource = sharpnessWgsl;

/** The kernel that measures the sharpness of end points. */
export function sharpnessKernelSource(l: Landscape): string {
  return join([
    ['common/random.wgsl', randomWgsl],
    ['kernels/layout.wgsl', layoutWgsl],
    [`objectives/${l.id}`, l.wgsl],
    ['kernels/sharpness.wgsl', sharpnessWgsl],
  ]);
}

export const quantilesKernelSource = join([
  ['kernels/layout.wgsl', layoutWgsl],
  ['kernels/quantiles.wgsl', quantilesWgsl],
]);

export const basinsKernelSource = join([
  ['kernels/layout.wgsl', layoutWgsl],
  ['kernels/basins.wgsl', basinsWgsl],
]);

const defsCache = new Map<string, ShaderDataDefinitions>();

// webgpu-utils reads the WebGPU constant GPUShaderStage when it reflects
// WGSL. Reflection needs no device, so where WebGPU is missing (Node, a
// browser without it) the values of the WebGPU specification stand in.
const g = globalThis as { GPUShaderStage?: unknown };
g.GPUShaderStage ??= { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 };

/** Reflected uniforms, storages and structs of a WGSL source. */
export function reflect(code: string): ShaderDataDefinitions {
  let d = defsCache.get(code);
  if (!d) {
    d = makeShaderDataDefinitions(code);
    defsCache.set(code, d);
  }
  return d;
}

/** A struct of a WGSL source, or an error naming what is missing. */
export function structOf(code: string, name: string): StructDefinition {
  const s = reflect(code).structs[name];
  if (!s) throw new Error(`WGSL struct ${name} not found`);
  return s;
}

/** Word offsets (4-byte units) of named fields, checked to exist. */
export function wordOffsets<K extends string>(
  s: StructDefinition,
  names: readonly K[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const n of names) {
    const f = s.fields[n];
    if (!f) throw new Error(`WGSL struct has no field ${n}`);
    out[n] = f.offset / 4;
  }
  return out;
}
