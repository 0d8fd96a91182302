/**
 * The device's limits, measured: a peak-arithmetic kernel (chains of
 * fused multiply-adds) and a copy-bandwidth kernel, with their dispatch
 * code. References and geometry are in peak-reference.ts.
 */
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import copyWgsl from '../../shaders/bench/copy.wgsl?raw';
import fmaWgsl from '../../shaders/bench/fma.wgsl?raw';
import { grid } from './peak-reference';

const fmaDefs = makeShaderDataDefinitions(fmaWgsl);
const copyDefs = makeShaderDataDefinitions(copyWgsl);

/** Options of both kernels; tests shrink the rows to reach two dimensions. */
export interface KernelOptions {
  workgroupSize?: number;
  /** Defaults to the device's maxComputeWorkgroupsPerDimension. */
  maxWorkgroupsPerDimension?: number;
}

/** The FMA-chain kernel for a fixed number of invocations. */
export class FmaKernel {
  readonly invocations: number;
  private readonly device: GPUDevice;
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;
  private readonly sums: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly groups: { x: number; y: number; row: number };

  private constructor(
    device: GPUDevice,
    pipeline: GPUComputePipeline,
    invocations: number,
    groups: { x: number; y: number; row: number },
  ) {
    this.device = device;
    this.pipeline = pipeline;
    this.invocations = invocations;
    this.groups = groups;
    this.params = device.createBuffer({
      label: 'Bench.fma.params',
      size: fmaDefs.uniforms.params!.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.sums = device.createBuffer({
      label: 'Bench.fma.sums',
      size: Math.max(16, invocations * 4),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.bindGroup = device.createBindGroup({
      label: 'Bench.fma.bindGroup',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.params } },
        { binding: 1, resource: { buffer: this.sums } },
      ],
    });
  }

  static async create(
    device: GPUDevice,
    invocations: number,
    options: KernelOptions = {},
  ): Promise<FmaKernel> {
    const wg = options.workgroupSize ?? 64;
    const maxDim =
      options.maxWorkgroupsPerDimension ??
      device.limits.maxComputeWorkgroupsPerDimension;
    const module = device.createShaderModule({
      label: 'Bench.fma.module',
      code: fmaWgsl,
    });
    const pipeline = await device.createComputePipelineAsync({
      label: 'Bench.fma.pipeline',
      layout: 'auto',
      compute: {
        module,
        entryPoint: 'main',
        constants: { WORKGROUP_SIZE: wg },
      },
    });
    return new FmaKernel(
      device,
      pipeline,
      invocations,
      grid(invocations, wg, maxDim),
    );
  }

  /** Submits `dispatches` dispatches of `iterations` trips each. */
  submit(iterations: number, dispatches = 1, a = 0.75, b = 0.25): void {
    const view = makeStructuredView(fmaDefs.uniforms.params!);
    view.set({
      iterations,
      invocations: this.invocations,
      row: this.groups.row,
      a,
      b,
    });
    this.device.queue.writeBuffer(this.params, 0, view.arrayBuffer);
    const enc = this.device.createCommandEncoder({
      label: 'Bench.fma.encoder',
    });
    const pass = enc.beginComputePass({ label: 'Bench.fma.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    for (let d = 0; d < dispatches; d++) {
      pass.dispatchWorkgroups(this.groups.x, this.groups.y);
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  /** Reads the sums of the last dispatch. */
  async readSums(): Promise<Float32Array> {
    return new Float32Array(
      await readBuffer(this.device, this.sums, this.invocations * 4, 'fma'),
    );
  }

  destroy(): void {
    this.params.destroy();
    this.sums.destroy();
  }
}

/** The copy kernel between two buffers of `vectors` 16-byte vectors. */
export class CopyKernel {
  readonly vectors: number;
  readonly src: GPUBuffer;
  readonly dst: GPUBuffer;
  private readonly device: GPUDevice;
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly groups: { x: number; y: number; row: number };

  private constructor(
    device: GPUDevice,
    pipeline: GPUComputePipeline,
    vectors: number,
    groups: { x: number; y: number; row: number },
  ) {
    this.device = device;
    this.pipeline = pipeline;
    this.vectors = vectors;
    this.groups = groups;
    const size = Math.max(16, vectors * 16);
    this.src = device.createBuffer({
      label: 'Bench.copy.src',
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.dst = device.createBuffer({
      label: 'Bench.copy.dst',
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.params = device.createBuffer({
      label: 'Bench.copy.params',
      size: copyDefs.uniforms.params!.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const view = makeStructuredView(copyDefs.uniforms.params!);
    view.set({ count: vectors, row: groups.row });
    device.queue.writeBuffer(this.params, 0, view.arrayBuffer);
    this.bindGroup = device.createBindGroup({
      label: 'Bench.copy.bindGroup',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.params } },
        { binding: 1, resource: { buffer: this.src } },
        { binding: 2, resource: { buffer: this.dst } },
      ],
    });
  }

  static async create(
    device: GPUDevice,
    vectors: number,
    options: KernelOptions = {},
  ): Promise<CopyKernel> {
    const wg = options.workgroupSize ?? 256;
    const maxDim =
      options.maxWorkgroupsPerDimension ??
      device.limits.maxComputeWorkgroupsPerDimension;
    const module = device.createShaderModule({
      label: 'Bench.copy.module',
      code: copyWgsl,
    });
    const pipeline = await device.createComputePipelineAsync({
      label: 'Bench.copy.pipeline',
      layout: 'auto',
      compute: {
        module,
        entryPoint: 'main',
        constants: { WORKGROUP_SIZE: wg },
      },
    });
    return new CopyKernel(device, pipeline, vectors, grid(vectors, wg, maxDim));
  }

  /** Bytes read plus written by one dispatch. */
  get bytesPerDispatch(): number {
    return 2 * 16 * this.vectors;
  }

  /** Submits `dispatches` copies of src to dst. */
  submit(dispatches = 1): void {
    const enc = this.device.createCommandEncoder({
      label: 'Bench.copy.encoder',
    });
    const pass = enc.beginComputePass({ label: 'Bench.copy.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    for (let d = 0; d < dispatches; d++) {
      pass.dispatchWorkgroups(this.groups.x, this.groups.y);
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  /** Reads dst back. */
  async readDst(): Promise<Uint32Array> {
    return new Uint32Array(
      await readBuffer(this.device, this.dst, this.vectors * 16, 'copy'),
    );
  }

  destroy(): void {
    this.src.destroy();
    this.dst.destroy();
    this.params.destroy();
  }
}

/** Copies the first `size` bytes of a buffer to a mappable one and maps it. */
async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  size: number,
  name: string,
): Promise<ArrayBuffer> {
  const bytes = Math.max(4, Math.ceil(size / 4) * 4);
  const staging = device.createBuffer({
    label: `Bench.${name}.staging`,
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const enc = device.createCommandEncoder({ label: `Bench.${name}.read` });
  enc.copyBufferToBuffer(src, 0, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0);
  staging.destroy();
  return out;
}
