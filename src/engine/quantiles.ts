/**
 * The GPU loss-quantile reduction (shaders/kernels/quantiles.wgsl) as both
 * engines use it: its pipelines, its passes, its levels uniform and the
 * decoding of what it records. Sizes come from the WGSL text.
 */
import { makeStructuredView } from 'webgpu-utils';
import { quantilesKernelSource, reflect } from './shaders';

/** A `const NAME: u32 = Nu;` of a WGSL source. */
export function wgslConst(code: string, name: string): number {
  const m = new RegExp(`const ${name}: u32 = (\\d+)u;`).exec(code);
  if (!m) throw new Error(`WGSL constant ${name} not found`);
  return Number(m[1]);
}

/** Quantile levels per record, and histogram bins per level. */
export const MAX_LEVELS = wgslConst(quantilesKernelSource, 'MAX_LEVELS');
export const BINS = wgslConst(quantilesKernelSource, 'BINS');

export interface QuantilePipelines {
  histogram: GPUComputePipeline;
  scan: GPUComputePipeline;
  /** The one bind-group layout both entry points share. */
  layout: GPUBindGroupLayout;
}

/** Builds the histogram and scan pipelines, labelled `${owner}.…`. */
export async function createQuantilePipelines(
  device: GPUDevice,
  owner: string,
  workgroupSize: number,
): Promise<QuantilePipelines> {
  const module = device.createShaderModule({
    label: `${owner}.quantiles`,
    code: quantilesKernelSource,
  });
  // Both entry points share one bind group, so one explicit layout: the
  // bindings of quantiles.wgsl in order.
  const kinds: GPUBufferBindingType[] = [
    'uniform', // chunk
    'uniform', // levels
    'read-only-storage', // runs
    'storage', // sel
    'storage', // hist
    'storage', // values
    'storage', // live_counts
  ];
  const layout = device.createBindGroupLayout({
    label: `${owner}.quantiles.layout`,
    entries: kinds.map((type, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    })),
  });
  const pipelineLayout = device.createPipelineLayout({
    label: `${owner}.quantiles.pipelineLayout`,
    bindGroupLayouts: [layout],
  });
  const [histogram, scan] = await Promise.all([
    device.createComputePipelineAsync({
      label: `${owner}.quantiles.histogram`,
      layout: pipelineLayout,
      compute: {
        module,
        entryPoint: 'histogram',
        constants: { WORKGROUP_SIZE: workgroupSize },
      },
    }),
    device.createComputePipelineAsync({
      label: `${owner}.quantiles.scan`,
      layout: pipelineLayout,
      compute: { module, entryPoint: 'scan' },
    }),
  ]);
  return { histogram, scan, layout };
}

/**
 * Encodes the three radix-select passes of one record: a histogram over
 * every chunk of runs, then the scan, three times.
 */
export function encodeQuantilePasses(
  enc: GPUCommandEncoder,
  pipes: QuantilePipelines,
  hist: GPUBuffer,
  chunks: readonly { bind: GPUBindGroup; runCount: number }[],
  workgroupSize: number,
  label: string,
): void {
  for (let p = 0; p < 3; p++) {
    enc.clearBuffer(hist);
    const pass = enc.beginComputePass({ label: `${label}.quantiles${p}` });
    pass.setPipeline(pipes.histogram);
    for (const c of chunks) {
      pass.setBindGroup(0, c.bind);
      pass.dispatchWorkgroups(Math.ceil(c.runCount / workgroupSize));
    }
    pass.setPipeline(pipes.scan);
    pass.setBindGroup(0, chunks[0]!.bind);
    pass.dispatchWorkgroups(1);
    pass.end();
  }
}

/** The contents of the `levels` uniform for these quantile levels. */
export function levelsUniformData(levels: readonly number[]): ArrayBuffer {
  const view = makeStructuredView(
    reflect(quantilesKernelSource).uniforms.levels!,
  );
  const probs = new Float32Array(MAX_LEVELS);
  probs.set(levels);
  view.set({
    count: levels.length,
    probs: [probs.subarray(0, 4), probs.subarray(4, 8)],
  });
  return view.arrayBuffer;
}

/** Decoded records: values[record][level], null where no run was left. */
export interface QuantileRecords {
  steps: number[];
  levels: number[];
  values: (number | null)[][];
  live: number[];
}

/** Decodes the first `steps.length` records of a quantile series. */
export function decodeQuantiles(
  values: Float32Array,
  live: ArrayLike<number>,
  steps: number[],
  levels: number[],
): QuantileRecords {
  const q = levels.length;
  return {
    steps,
    levels,
    live: Array.from({ length: steps.length }, (_, r) => live[r] ?? 0),
    values: steps.map((_, r) =>
      Array.from(values.subarray(r * MAX_LEVELS, r * MAX_LEVELS + q), (v) =>
        live[r] ? v : null,
      ),
    ),
  };
}
