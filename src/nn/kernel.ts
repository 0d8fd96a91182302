/**
 * One-shot kernels over networks: build the pipeline, upload the inputs,
 * dispatch once, read the outputs back, free everything. The derivatives
 * check, loss slices and interpolation paths run this way; training keeps
 * its buffers on the GPU (engine.ts).
 */
import { makeStructuredView } from 'webgpu-utils';
import { withErrorScopes, type Gpu } from '../engine/gpu';
import { reflect, structOf, wordOffsets } from '../engine/shaders';
import { BasinsError } from '../util/errors';
import type { Examples } from './mlp';
import { evaluateKernelSource } from './shaders';

// Struct layouts do not depend on the capacity: reflect any one.
const pointStruct = structOf(evaluateKernelSource([2, 1], 'loops'), 'NetPoint');
const POINT = {
  words: pointStruct.size / 4,
  ...wordOffsets(pointStruct, ['x', 'y'] as const),
};

/** The first n examples as an array of WGSL `struct NetPoint`. */
export function packExamples(data: Examples, n: number): Float32Array {
  const points = new Float32Array(Math.max(1, n) * POINT.words);
  for (let i = 0; i < n; i++) {
    const b = i * POINT.words;
    points[b + POINT.x] = data.inputs[2 * i]!;
    points[b + POINT.x + 1] = data.inputs[2 * i + 1]!;
    points[b + POINT.y] = data.labels[i]!;
  }
  return points;
}

/** A binding of a one-shot kernel, in binding order. */
export type Binding =
  /** The uniform `drv`, set field by field from the WGSL struct. */
  | { kind: 'driver'; values: Record<string, number | number[]> }
  /** A storage buffer with these contents. */
  | { kind: 'input'; data: Float32Array }
  /** A storage buffer of this many bytes, read back after the dispatch. */
  | { kind: 'output'; bytes: number };

/** The WGSL of a one-shot kernel. */
export interface KernelCode {
  /** What the pipeline compiles. */
  code: string;
  /** A source with the same structs to reflect the driver from (the
   * loops form of a generated kernel is far shorter to parse). */
  layout: string;
}

/**
 * Runs `main` of a kernel once with `invocations` invocations and returns
 * the contents of its output bindings in order. Rejects with a BasinsError
 * if the device refuses the kernel.
 */
export async function runOnce(
  gpu: Gpu,
  label: string,
  { code, layout }: KernelCode,
  constants: Record<string, number>,
  invocations: number,
  bindings: readonly Binding[],
): Promise<ArrayBuffer[]> {
  const { device } = gpu;
  const wg = constants.WORKGROUP_SIZE ?? 32;
  const groups = Math.ceil(invocations / wg);
  if (groups > device.limits.maxComputeWorkgroupsPerDimension) {
    throw new BasinsError(
      'LIMIT_EXCEEDED',
      `${label}: ${invocations} invocations need ${groups} workgroups; ` +
        `this device dispatches at most ` +
        `${device.limits.maxComputeWorkgroupsPerDimension}`,
    );
  }
  const made: GPUBuffer[] = [];
  const buffer = (name: string, size: number, usage: number) => {
    const b = device.createBuffer({
      label: `${label}.${name}`,
      size: Math.max(16, Math.ceil(size / 4) * 4),
      usage,
    });
    made.push(b);
    return b;
  };
  const storage =
    GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const run = async () => {
    const module = device.createShaderModule({ label, code });
    const pipeline = await device.createComputePipelineAsync({
      label,
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants },
    });
    const outputs: [GPUBuffer, number][] = [];
    const entries = bindings.map((b, binding) => {
      let buf: GPUBuffer;
      if (b.kind === 'driver') {
        const view = makeStructuredView(reflect(layout).uniforms.drv!);
        view.set(b.values);
        buf = buffer(
          'driver',
          view.arrayBuffer.byteLength,
          GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        );
        device.queue.writeBuffer(buf, 0, view.arrayBuffer);
      } else if (b.kind === 'input') {
        buf = buffer(`binding${binding}`, b.data.byteLength, storage);
        device.queue.writeBuffer(buf, 0, b.data);
      } else {
        buf = buffer(`binding${binding}`, b.bytes, storage);
        outputs.push([buf, b.bytes]);
      }
      return { binding, resource: { buffer: buf } };
    });
    const bind = device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries,
    });
    const enc = device.createCommandEncoder({ label });
    const pass = enc.beginComputePass({ label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(groups);
    pass.end();
    const staging = outputs.map(([src, bytes]) => {
      const s = buffer(
        'read',
        bytes,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      );
      enc.copyBufferToBuffer(src, 0, s, 0, s.size);
      return s;
    });
    device.queue.submit([enc.finish()]);
    const out: ArrayBuffer[] = [];
    for (const s of staging) {
      await s.mapAsync(GPUMapMode.READ);
      out.push(s.getMappedRange().slice(0));
    }
    return out;
  };
  try {
    return await withErrorScopes(device, label, run);
  } finally {
    for (const b of made) b.destroy();
  }
}
