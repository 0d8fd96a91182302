/**
 * Runs an experiment on the GPU: every optimizer of the spec from every
 * start, in fused kernels, with loss quantiles and basins reduced on the
 * GPU. The page steps it frame by frame; the command line and the tests run
 * it to the end with `runExperiment`.
 */
import {
  makeStructuredView,
  setTypedValues,
  type StructuredView,
} from 'webgpu-utils';
import type { ResolvedOptimizer, ResolvedSpec } from '../spec/spec';
import { recordSteps } from '../spec/spec';
import { generateStarts, pathRuns, pathSlots } from '../spec/starts';
import { scheduleFactor } from '../optimizers/schedules';
import { BasinsError } from '../util/errors';
import { logger } from '../util/log';
import { withErrorScopes, type Gpu } from './gpu';
import {
  BINS,
  createQuantilePipelines,
  decodeQuantiles,
  encodeQuantilePasses,
  levelsUniformData,
  MAX_LEVELS,
  type QuantilePipelines,
} from './quantiles';
import { readBuffers } from './readback';
import { classify } from '../reference/engine';
import { eigen2 } from '../reference/sharpness';
import {
  classCounts,
  basinVolumes,
  convergedSteps,
  sharpnessResult,
  swaResult,
  type ExperimentResult,
  type LiveStats,
  type OptimizerResult,
  type ResultOptions,
  type RunInfo,
} from './results';
import {
  basinsKernelSource,
  fusedKernelSource,
  quantilesKernelSource,
  reflect,
  sharpnessKernelSource,
  sharpnessModuleSource,
  structOf,
  wordOffsets,
} from './shaders';

const debug = logger('engine');

/** Tuning knobs; the defaults suit every device. */
export interface EngineOptions {
  /** Invocations per workgroup of the run kernels. */
  workgroupSize?: number;
  /** Cap on runs per chunk (buffers and dispatches are split by chunk). */
  maxRunsPerChunk?: number;
  /** Cap on runs times steps of one dispatch, to keep each one short. */
  maxRunStepsPerDispatch?: number;
  /** Cap on steps of one dispatch (the size of the constants buffer). */
  maxStepsPerDispatch?: number;
  /**
   * Runs stepped by one invocation of the fused kernel: 1 to 8, or
   * 'auto' (the default): 8 on a CPU implementation of WebGPU, where one
   * invocation's runs are independent chains of arithmetic that a core
   * overlaps, and 1 on a GPU, which hides latency with its other
   * invocations. Results are bit for bit the same for every choice.
   */
  runsPerInvocation?: RunsPerInvocation | 'auto';
}

/** The fused kernel's choices of runs per invocation. */
export const RUNS_PER_INVOCATION = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type RunsPerInvocation = (typeof RUNS_PER_INVOCATION)[number];

/** The engine's defaults. */
export const ENGINE_DEFAULTS: Readonly<Required<EngineOptions>> = {
  workgroupSize: 256,
  maxRunsPerChunk: Number.MAX_SAFE_INTEGER,
  maxRunStepsPerDispatch: 2 ** 28,
  maxStepsPerDispatch: 1024,
  runsPerInvocation: 'auto',
};

/** Whether the adapter runs WebGPU on the CPU (SwiftShader, a fallback). */
export function isCpuAdapter(adapter: Gpu['adapter']): boolean {
  return (
    adapter.isFallbackAdapter ||
    /swiftshader/i.test(
      `${adapter.vendor} ${adapter.architecture} ${adapter.description}`,
    )
  );
}

/** The runs per invocation that `option` asks for on this adapter. */
export function resolveRunsPerInvocation(
  option: RunsPerInvocation | 'auto' | undefined,
  adapter: Gpu['adapter'],
): RunsPerInvocation {
  if (option === undefined || option === 'auto') {
    return isCpuAdapter(adapter) ? 8 : 1;
  }
  if (!(RUNS_PER_INVOCATION as readonly unknown[]).includes(option)) {
    throw new BasinsError(
      'SPEC_INVALID',
      'engine option runsPerInvocation: must be an integer from 1 to 8 ' +
        `or 'auto', got ${String(option)}`,
    );
  }
  return option;
}

/** Word offsets of the fields of `struct Run`, read from layout.wgsl. */
const runStruct = structOf(basinsKernelSource, 'Run');
const RUN = {
  words: runStruct.size / 4,
  ...wordOffsets(runStruct, [
    'pos',
    'loss',
    'diverged_at',
    'unconverged_at',
  ] as const),
};

/** Word offsets of `struct Sharpness`, read from sharpness.wgsl. */
const sharpnessStruct = structOf(sharpnessModuleSource, 'Sharpness');
const SHARPNESS_WORDS = sharpnessStruct.size / 4;
const SHARPNESS = wordOffsets(sharpnessStruct, [
  'lambda_max',
  'lambda_min',
  'eps_sharpness',
  'sam_sharpness',
  'local_entropy',
] as const);

/** One block of runs with its own buffers. */
interface Chunk {
  index: number;
  runOffset: number;
  runCount: number;
  runs: GPUBuffer;
  state: GPUBuffer;
  basin: GPUBuffer;
  /** Sharpness measures of each run's end point. */
  sharpness: GPUBuffer;
  sharpnessBind: GPUBindGroup;
  /** SWA means (vec4f per run), or a placeholder without SWA. */
  swa: GPUBuffer;
  /** Path slot of each run (u32), NO_PATH for runs without a path. */
  pathSlot: GPUBuffer;
  chunkUniform: GPUBuffer;
  fused: GPUBindGroup;
  quantiles: GPUBindGroup;
  basins: GPUBindGroup;
}

/** The GPU side of one optimizer: pipeline, buffers and chunks. */
interface Lane {
  opt: ResolvedOptimizer;
  source: string;
  pipeline: GPUComputePipeline;
  driver: GPUBuffer;
  /** The driver uniform's contents: fixed fields set once, the step
   * range per dispatch. */
  driverView: StructuredView;
  consts: GPUBuffer;
  constsStride: number;
  oracleConsts: GPUBuffer;
  oracleConstsStride: number;
  traj: GPUBuffer;
  select: GPUBuffer;
  hist: GPUBuffer;
  values: GPUBuffer;
  live: GPUBuffer;
  counts: GPUBuffer;
  chunks: Chunk[];
  seconds: number;
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/**
 * An experiment living on the GPU. Create it, advance it (all at once or a
 * few steps per frame), then read its results. Destroy it to free memory.
 */
export class GpuExperiment {
  readonly spec: ResolvedSpec;
  readonly starts: Float32Array;
  /** The runs whose paths are recorded, in path order. */
  readonly pathRuns: Uint32Array;
  /** Steps taken so far by every optimizer. */
  stepsDone = 0;
  private readonly gpu: Gpu;
  private readonly opts: Required<EngineOptions>;
  /** Runs stepped by one invocation of the fused kernel. */
  readonly runsPerInvocation: RunsPerInvocation;
  private readonly lanes: Lane[] = [];
  private readonly records: number[];
  private recordsDone = 0;
  private readonly chunkRuns: number;
  private readonly landscapeUniform: GPUBuffer;
  private readonly levelsUniform: GPUBuffer;
  private readonly basinsUniform: GPUBuffer;
  private readonly minima: GPUBuffer;
  private quantilePipelines!: QuantilePipelines;
  private basinsPipeline!: GPUComputePipeline;
  private sharpnessPipeline!: GPUComputePipeline;
  private readonly sharpnessUniform: GPUBuffer;
  private destroyed = false;

  private constructor(gpu: Gpu, spec: ResolvedSpec, options: EngineOptions) {
    this.gpu = gpu;
    this.spec = spec;
    this.opts = { ...ENGINE_DEFAULTS, ...options };
    this.runsPerInvocation = resolveRunsPerInvocation(
      this.opts.runsPerInvocation,
      gpu.adapter,
    );
    this.starts = generateStarts(spec.starts, spec.seed);
    this.pathRuns = pathRuns(spec.runs, spec.trajectories);
    this.records = recordSteps(spec.steps, spec.recordEvery);
    const { device } = gpu;
    const lim = device.limits;
    const wg = this.opts.workgroupSize;
    const stateBytes = Math.max(
      ...spec.optimizers.map(
        (o) =>
          structOf(
            fusedKernelSource(spec.landscape, o.def, o.oracle),
            'OptState',
          ).size,
      ),
    );
    this.chunkRuns = Math.max(
      1,
      Math.min(
        this.opts.maxRunsPerChunk,
        lim.maxComputeWorkgroupsPerDimension * wg,
        Math.floor(lim.maxStorageBufferBindingSize / (RUN.words * 4)),
        Math.floor(lim.maxStorageBufferBindingSize / (2 * stateBytes)),
        Math.floor(lim.maxBufferSize / (RUN.words * 4)),
      ),
    );

    // landscape parameters
    const anyLane = fusedKernelSource(spec.landscape, spec.optimizers[0]!.def);
    const lpView = makeStructuredView(reflect(anyLane).uniforms.lp!);
    lpView.set(
      Object.keys(spec.landscapeParams).length
        ? spec.landscapeParams
        : { unused: 0 },
    );
    this.landscapeUniform = this.uniform('landscape', lpView.arrayBuffer);

    this.levelsUniform = this.uniform(
      'levels',
      levelsUniformData(spec.quantiles),
    );

    // known minima for the basin classes
    const minima = spec.landscape.minima(spec.landscapeParams);
    const bView = makeStructuredView(
      reflect(basinsKernelSource).uniforms.basins!,
    );
    bView.set({ minimum_count: minima.length, radius: spec.basinRadius });
    this.basinsUniform = this.uniform('basins', bView.arrayBuffer);
    const sView = makeStructuredView(
      reflect(sharpnessKernelSource(spec.landscape)).uniforms.sp!,
    );
    const sh = spec.sharpness;
    sView.set({
      epsilon: sh.epsilon,
      ascent_steps: sh.ascentSteps,
      rho: sh.rho,
      entropy_sigma: sh.entropySigma,
      entropy_samples: sh.entropySamples,
      seed: spec.seed,
    });
    this.sharpnessUniform = this.uniform('sharpness', sView.arrayBuffer);
    const mins = new Float32Array(Math.max(2, 2 * minima.length));
    minima.forEach((m, i) => mins.set([m.x, m.y], 2 * i));
    this.minima = this.storage('minima', mins.byteLength);
    device.queue.writeBuffer(this.minima, 0, mins);
  }

  /**
   * Builds pipelines and buffers for a validated spec. Rejects with a
   * BasinsError if the device refuses a pipeline or runs out of memory.
   */
  static async create(
    gpu: Gpu,
    spec: ResolvedSpec,
    options: EngineOptions = {},
  ): Promise<GpuExperiment> {
    const e = new GpuExperiment(gpu, spec, options);
    await withErrorScopes(
      gpu.device,
      'the experiment',
      () => e.build(),
      () => e.destroy(),
    );
    e.prime();
    return e;
  }

  private uniform(name: string, data: ArrayBuffer): GPUBuffer {
    const b = this.gpu.device.createBuffer({
      label: `GpuExperiment.${name}`,
      size: Math.max(16, data.byteLength),
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.gpu.device.queue.writeBuffer(b, 0, data);
    return b;
  }

  private storage(name: string, size: number, extra = 0): GPUBuffer {
    return this.gpu.device.createBuffer({
      label: `GpuExperiment.${name}`,
      size: Math.max(16, Math.ceil(size / 4) * 4),
      usage:
        GPUBufferUsage.STORAGE |
        GPUBufferUsage.COPY_DST |
        GPUBufferUsage.COPY_SRC |
        extra,
    });
  }

  private async build(): Promise<void> {
    const { device } = this.gpu;
    const spec = this.spec;
    const wg = this.opts.workgroupSize;
    const constants = { WORKGROUP_SIZE: wg };

    const bModule = device.createShaderModule({
      label: 'GpuExperiment.basins',
      code: basinsKernelSource,
    });
    const sModule = device.createShaderModule({
      label: 'GpuExperiment.sharpness',
      code: sharpnessKernelSource(spec.landscape),
    });
    const [quantiles, basins, sharpness] = await Promise.all([
      createQuantilePipelines(device, 'GpuExperiment', wg),
      device.createComputePipelineAsync({
        label: 'GpuExperiment.basins',
        layout: 'auto',
        compute: { module: bModule, entryPoint: 'main', constants },
      }),
      device.createComputePipelineAsync({
        label: 'GpuExperiment.sharpness',
        layout: 'auto',
        compute: { module: sModule, entryPoint: 'main', constants },
      }),
    ]);
    this.sharpnessPipeline = sharpness;
    this.quantilePipelines = quantiles;
    this.basinsPipeline = basins;

    const pipelines = await Promise.all(
      spec.optimizers.map((o) => {
        const code = fusedKernelSource(spec.landscape, o.def, o.oracle);
        const module = device.createShaderModule({
          label: `GpuExperiment.fused.${spec.landscape.id}.${o.def.id}`,
          code,
        });
        // features fixed for the pipeline: branches without them vanish
        const features = {
          NOISE: spec.noiseSigma > 0,
          NOISE_SHAPED: spec.noiseModel === 'hessian' && spec.noiseSigma > 0,
          AVERAGING: o.swa !== null,
          RECORD: this.pathRuns.length > 0,
        };
        return device.createComputePipelineAsync({
          label: `GpuExperiment.fused.${spec.landscape.id}.${o.def.id}`,
          layout: 'auto',
          compute: {
            module,
            entryPoint: 'main',
            constants: {
              ...constants,
              NOISE: Number(features.NOISE),
              NOISE_SHAPED: Number(features.NOISE_SHAPED),
              AVERAGING: Number(features.AVERAGING),
              RECORD: Number(features.RECORD),
              RUNS_PER_INVOCATION: this.runsPerInvocation,
            },
          },
        });
      }),
    );
    spec.optimizers.forEach((o, i) =>
      this.lanes.push(this.makeLane(o, pipelines[i]!, i)),
    );
  }

  private makeLane(
    opt: ResolvedOptimizer,
    pipeline: GPUComputePipeline,
    laneIndex: number,
  ): Lane {
    const { device } = this.gpu;
    const spec = this.spec;
    const name = (s: string) => `lane${laneIndex}.${s}`;
    const source = fusedKernelSource(spec.landscape, opt.def, opt.oracle);
    const defs = reflect(source);
    const constsStruct = structOf(source, 'OptConsts');
    const oracleStruct = structOf(source, 'OracleConsts');
    const stateStruct = structOf(source, 'OptState');
    const maxK = Math.min(this.opts.maxStepsPerDispatch, spec.steps);

    const driver = device.createBuffer({
      label: `GpuExperiment.${name('driver')}`,
      size: defs.uniforms.drv!.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const driverView = makeStructuredView(defs.uniforms.drv!);
    const [[x0, x1], [y0, y1]] = spec.escapeBox;
    driverView.set({
      seed: spec.seed,
      noise_sigma: spec.noiseSigma,
      grad_tol: spec.gradTol,
      loss_tol: spec.lossTol,
      traj_stride: spec.steps + 1,
      escape_lo: [x0, y0],
      escape_hi: [x1, y1],
      swa_start: opt.swa?.start ?? 0,
      swa_every: opt.swa?.every ?? 0,
    });
    const consts = this.storage(name('consts'), maxK * constsStruct.size);
    const oracleConsts = this.storage(
      name('oracleConsts'),
      maxK * oracleStruct.size,
    );

    // recorded paths start as NaN, with the start point at n = 0
    const stride = spec.steps + 1;
    const trajPoints = new Float32Array(
      Math.max(2, 2 * spec.trajectories * stride),
    ).fill(NaN);
    this.pathRuns.forEach((run, j) => {
      trajPoints[2 * j * stride] = this.starts[2 * run]!;
      trajPoints[2 * j * stride + 1] = this.starts[2 * run + 1]!;
    });
    const slots = pathSlots(spec.runs, this.pathRuns);
    const traj = this.storage(name('trajectories'), trajPoints.byteLength);
    device.queue.writeBuffer(traj, 0, trajPoints);

    const selectSize = structOf(quantilesKernelSource, 'Select').size;
    const select = this.storage(name('quantiles.select'), selectSize);
    const hist = this.storage(name('quantiles.hist'), MAX_LEVELS * BINS * 4);
    const nRecords = this.records.length;
    const values = this.storage(
      name('quantiles.values'),
      nRecords * MAX_LEVELS * 4,
    );
    const live = this.storage(name('quantiles.live'), nRecords * 4);
    const nClasses = spec.landscape.minima(spec.landscapeParams).length + 2;
    const counts = this.storage(name('basins.counts'), nClasses * 4);

    // initial optimizer state, one struct per coordinate
    const stateWords = stateStruct.size / 4;
    const slotOffsets = wordOffsets(stateStruct, opt.def.state);
    const init = opt.def.initialState ?? {};

    const chunks: Chunk[] = [];
    const qLayout = this.quantilePipelines.layout;
    for (let c = 0; c * this.chunkRuns < spec.runs; c++) {
      const runOffset = c * this.chunkRuns;
      const runCount = Math.min(this.chunkRuns, spec.runs - runOffset);
      const cname = (s: string) => name(`chunk${c}.${s}`);

      const runsData = new ArrayBuffer(runCount * RUN.words * 4);
      const f32 = new Float32Array(runsData);
      for (let i = 0; i < runCount; i++) {
        const base = i * RUN.words;
        f32[base + RUN.pos] = this.starts[2 * (runOffset + i)]!;
        f32[base + RUN.pos + 1] = this.starts[2 * (runOffset + i) + 1]!;
      }
      const runs = this.storage(cname('runs'), runsData.byteLength);
      device.queue.writeBuffer(runs, 0, runsData);

      const stateData = new Float32Array(2 * runCount * stateWords);
      for (const [slot, value] of Object.entries(init)) {
        const off = slotOffsets[slot];
        if (off === undefined || !value) continue;
        for (let k = 0; k < 2 * runCount; k++) {
          stateData[k * stateWords + off] = value;
        }
      }
      const state = this.storage(cname('state'), stateData.byteLength);
      device.queue.writeBuffer(state, 0, stateData);

      const basin = this.storage(cname('basin'), runCount * 4);
      const swa = this.storage(cname('swa'), opt.swa ? runCount * 16 : 16);
      const slotData = slots.subarray(runOffset, runOffset + runCount);
      const pathSlot = this.storage(cname('pathSlot'), slotData.byteLength);
      device.queue.writeBuffer(pathSlot, 0, slotData);
      const sharpness = this.storage(
        cname('sharpness'),
        runCount * SHARPNESS_WORDS * 4,
      );
      const chunkUniform = this.uniform(
        cname('chunk'),
        new Uint32Array([runCount, runOffset, 0, 0]).buffer,
      );
      const entries = (bs: GPUBuffer[]) =>
        bs.map((buffer, binding) => ({ binding, resource: { buffer } }));
      chunks.push({
        index: c,
        runOffset,
        runCount,
        runs,
        state,
        basin,
        sharpness,
        sharpnessBind: device.createBindGroup({
          label: `GpuExperiment.${cname('sharpness')}`,
          layout: this.sharpnessPipeline.getBindGroupLayout(0),
          entries: entries([
            chunkUniform,
            this.sharpnessUniform,
            this.landscapeUniform,
            runs,
            sharpness,
          ]),
        }),
        swa,
        pathSlot,
        chunkUniform,
        fused: device.createBindGroup({
          label: `GpuExperiment.${cname('fused')}`,
          layout: pipeline.getBindGroupLayout(0),
          entries: entries([
            driver,
            chunkUniform,
            this.landscapeUniform,
            consts,
            runs,
            state,
            traj,
            oracleConsts,
            swa,
            pathSlot,
          ]),
        }),
        quantiles: device.createBindGroup({
          label: `GpuExperiment.${cname('quantiles')}`,
          layout: qLayout,
          entries: entries([
            chunkUniform,
            this.levelsUniform,
            runs,
            select,
            hist,
            values,
            live,
          ]),
        }),
        basins: device.createBindGroup({
          label: `GpuExperiment.${cname('basins')}`,
          layout: this.basinsPipeline.getBindGroupLayout(0),
          entries: entries([
            chunkUniform,
            this.basinsUniform,
            this.minima,
            runs,
            basin,
            counts,
          ]),
        }),
      });
    }
    debug(
      () =>
        `${opt.def.id}: ${chunks.length} chunk(s) of up to ${this.chunkRuns} ` +
        `runs, ${constsStruct.size} bytes of constants per step`,
    );
    return {
      opt,
      source,
      pipeline,
      driver,
      driverView,
      consts,
      constsStride: constsStruct.size,
      oracleConsts,
      oracleConstsStride: oracleStruct.size,
      traj,
      select,
      hist,
      values,
      live,
      counts,
      chunks,
      seconds: 0,
    };
  }

  /** Evaluates the loss at the starts (a dispatch of zero steps) and
   * takes the record of step 0. */
  private prime(): void {
    const enc = this.gpu.device.createCommandEncoder({
      label: 'GpuExperiment.record',
    });
    for (const lane of this.lanes) {
      this.dispatchSteps(lane, 0, 0);
    }
    for (const lane of this.lanes) this.encodeQuantiles(enc, lane);
    this.gpu.device.queue.submit([enc.finish()]);
    this.recordsDone = 1;
  }

  private writeDriver(lane: Lane, stepOffset: number, steps: number): void {
    lane.driverView.set({ step_offset: stepOffset, steps });
    this.gpu.device.queue.writeBuffer(
      lane.driver,
      0,
      lane.driverView.arrayBuffer,
    );
  }

  /** The per-step constants of steps stepOffset + 1 ... + steps. */
  private writeConsts(lane: Lane, stepOffset: number, steps: number): void {
    if (steps === 0) return;
    const { opt } = lane;
    const element = structOf(lane.source, 'OptConsts');
    const oracleElement = structOf(lane.source, 'OracleConsts');
    const data = new ArrayBuffer(steps * lane.constsStride);
    const oracleData = new ArrayBuffer(steps * lane.oracleConstsStride);
    for (let k = 0; k < steps; k++) {
      const t = stepOffset + k + 1;
      const lr =
        opt.hyper.lr! * scheduleFactor(opt.schedule, t, this.spec.steps);
      const c = opt.def.consts(opt.hyper, { t, lr });
      setTypedValues(element, c, data, k * lane.constsStride);
      const oc = opt.oracle.consts(opt.oracleHyper, { t, lr });
      setTypedValues(
        oracleElement,
        oc,
        oracleData,
        k * lane.oracleConstsStride,
      );
    }
    this.gpu.device.queue.writeBuffer(lane.consts, 0, data);
    this.gpu.device.queue.writeBuffer(lane.oracleConsts, 0, oracleData);
  }

  /** Encodes and submits `steps` fused steps of one optimizer. */
  private dispatchSteps(lane: Lane, stepOffset: number, steps: number): void {
    const { device } = this.gpu;
    this.writeDriver(lane, stepOffset, steps);
    this.writeConsts(lane, stepOffset, steps);
    const enc = device.createCommandEncoder({
      label: `GpuExperiment.${lane.opt.def.id}.steps`,
    });
    const pass = enc.beginComputePass({
      label: `GpuExperiment.${lane.opt.def.id}.fused`,
    });
    pass.setPipeline(lane.pipeline);
    const perInvocation = this.runsPerInvocation;
    for (const c of lane.chunks) {
      pass.setBindGroup(0, c.fused);
      pass.dispatchWorkgroups(
        ceilDiv(ceilDiv(c.runCount, perInvocation), this.opts.workgroupSize),
      );
    }
    pass.end();
    device.queue.submit([enc.finish()]);
  }

  /** Encodes the three radix-select passes for one optimizer's record. */
  private encodeQuantiles(enc: GPUCommandEncoder, lane: Lane): void {
    encodeQuantilePasses(
      enc,
      this.quantilePipelines,
      lane.hist,
      lane.chunks.map((c) => ({ bind: c.quantiles, runCount: c.runCount })),
      this.opts.workgroupSize,
      `GpuExperiment.${lane.opt.def.id}`,
    );
  }

  /**
   * Submits one optimizer's steps from `from` to `to`, in dispatches that
   * stop at every record (where the quantile passes follow) and stay
   * within the dispatch budgets. Returns once all is submitted.
   */
  private runLane(lane: Lane, from: number, to: number): void {
    const { device } = this.gpu;
    const budget = Math.max(
      1,
      Math.floor(this.opts.maxRunStepsPerDispatch / this.spec.runs),
    );
    let rec = this.records.findIndex((r) => r > from);
    let done = from;
    while (done < to) {
      const nextRecord = this.records[rec] ?? this.spec.steps;
      const k = Math.min(
        nextRecord - done,
        budget,
        this.opts.maxStepsPerDispatch,
        to - done,
      );
      this.dispatchSteps(lane, done, k);
      done += k;
      if (this.records[rec] === done) {
        const enc = device.createCommandEncoder({
          label: 'GpuExperiment.record',
        });
        this.encodeQuantiles(enc, lane);
        device.queue.submit([enc.finish()]);
        rec++;
      }
    }
  }

  /** Counts the records taken up to the current step. */
  private countRecords(): void {
    while ((this.records[this.recordsDone] ?? Infinity) <= this.stepsDone) {
      this.recordsDone++;
    }
  }

  /** Whether every step of the spec has been taken. */
  get finished(): boolean {
    return this.stepsDone >= this.spec.steps;
  }

  /**
   * Submits up to `steps` more steps of every optimizer (fewer at the end).
   * Returns at once; the GPU works in the background.
   */
  advance(steps: number): void {
    this.assertAlive();
    const to = Math.min(this.spec.steps, this.stepsDone + steps);
    for (const lane of this.lanes) this.runLane(lane, this.stepsDone, to);
    this.stepsDone = to;
    this.countRecords();
  }

  /**
   * Runs every remaining step, one optimizer after the other so that each
   * one's wall time is measured, and waits for the GPU.
   */
  async runToEnd(): Promise<void> {
    this.assertAlive();
    const { device } = this.gpu;
    for (const lane of this.lanes) {
      await device.queue.onSubmittedWorkDone();
      const t0 = performance.now();
      this.runLane(lane, this.stepsDone, this.spec.steps);
      await device.queue.onSubmittedWorkDone();
      lane.seconds += (performance.now() - t0) / 1000;
    }
    this.stepsDone = this.spec.steps;
    this.countRecords();
  }

  /** Classifies every run's current point into a basin, on the GPU. */
  private classify(): void {
    const { device } = this.gpu;
    const enc = device.createCommandEncoder({
      label: 'GpuExperiment.classify',
    });
    for (const lane of this.lanes) enc.clearBuffer(lane.counts);
    const pass = enc.beginComputePass({ label: 'GpuExperiment.basins' });
    pass.setPipeline(this.basinsPipeline);
    for (const lane of this.lanes) {
      for (const c of lane.chunks) {
        pass.setBindGroup(0, c.basins);
        pass.dispatchWorkgroups(ceilDiv(c.runCount, this.opts.workgroupSize));
      }
    }
    pass.end();
    device.queue.submit([enc.finish()]);
  }

  /**
   * Basin counts now and the loss quantiles recorded so far: a few hundred
   * bytes read back, cheap enough to poll while the runs advance.
   */
  async stats(): Promise<LiveStats> {
    this.assertAlive();
    const spec = this.spec;
    const minima = spec.landscape.minima(spec.landscapeParams);
    const nClasses = minima.length + 2;
    const step = this.stepsDone;
    const nRecords = this.recordsDone;
    this.classify();
    const parts = this.lanes.flatMap(
      (l) =>
        [
          [l.counts, nClasses * 4],
          [l.values, Math.max(1, nRecords) * MAX_LEVELS * 4],
          [l.live, Math.max(1, nRecords) * 4],
        ] as const,
    );
    const bufs = await this.read(parts);
    return {
      step,
      optimizers: this.lanes.map((lane, i) => {
        const counts = new Uint32Array(bufs[3 * i]!);
        const c = classCounts(minima, counts, new Uint32Array(0), spec.runs);
        return {
          id: lane.opt.def.id,
          label: lane.opt.label,
          basins: c.basins,
          other: c.other,
          diverged: c.diverged,
          quantiles: this.quantileSeries(
            new Float32Array(bufs[3 * i + 1]!),
            Array.from(new Uint32Array(bufs[3 * i + 2]!)),
            nRecords,
          ),
        };
      }),
    };
  }

  private quantileSeries(
    values: Float32Array,
    live: ArrayLike<number>,
    nRecords: number,
  ): OptimizerResult['quantiles'] {
    return decodeQuantiles(
      values,
      live,
      this.records.slice(0, nRecords),
      this.spec.quantiles,
    );
  }

  /** Reads every result back; classifies end points into basins first. */
  async results(options: ResultOptions = {}): Promise<ExperimentResult> {
    this.assertAlive();
    const spec = this.spec;
    const minima = spec.landscape.minima(spec.landscapeParams);
    const nClasses = minima.length + 2;
    const withSharpness = options.sharpness ?? true;
    this.classify();
    if (withSharpness) this.measureSharpness();

    const out: OptimizerResult[] = [];
    for (const lane of this.lanes) {
      out.push(await this.readLane(lane, minima, nClasses, withSharpness));
    }
    const lambdaAtMinima = minima.map(
      (m) => eigen2(spec.landscape.hessian(m.x, m.y, spec.landscapeParams))[0],
    );
    return {
      engine: 'webgpu',
      adapter: this.gpu.adapter,
      spec: spec.json,
      landscape: {
        id: spec.landscape.id,
        name: spec.landscape.name,
        minima,
        saddles: spec.landscape.saddles(spec.landscapeParams),
      },
      starts: this.starts,
      optimizers: out,
      ...basinVolumes(minima, lambdaAtMinima, out),
    };
  }

  /** One run where it stands now (a single struct read back). */
  async runInfo(optimizer: number, run: number): Promise<RunInfo> {
    this.assertAlive();
    const lane = this.lane(optimizer);
    if (!(run >= 0 && run < this.spec.runs)) {
      throw new RangeError(`run must be in [0, ${this.spec.runs}), got ${run}`);
    }
    const c = lane.chunks[Math.floor(run / this.chunkRuns)]!;
    const i = run - c.runOffset;
    const step = this.stepsDone;
    const bytes = RUN.words * 4;
    const { device } = this.gpu;
    const staging = device.createBuffer({
      label: 'GpuExperiment.runInfo',
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const enc = device.createCommandEncoder({ label: 'GpuExperiment.runInfo' });
    enc.copyBufferToBuffer(c.runs, i * bytes, staging, 0, bytes);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const raw = staging.getMappedRange();
    const f = new Float32Array(raw);
    const u = new Uint32Array(raw);
    const info = {
      run,
      startX: this.starts[2 * run]!,
      startY: this.starts[2 * run + 1]!,
      x: f[RUN.pos]!,
      y: f[RUN.pos + 1]!,
      loss: f[RUN.loss]!,
      divergedAt: u[RUN.diverged_at]!,
      step,
    };
    staging.destroy();
    return info;
  }

  /** Measures the sharpness of every run's current point, on the GPU. */
  private measureSharpness(): void {
    const { device } = this.gpu;
    const enc = device.createCommandEncoder({
      label: 'GpuExperiment.sharpness',
    });
    const pass = enc.beginComputePass({ label: 'GpuExperiment.sharpness' });
    pass.setPipeline(this.sharpnessPipeline);
    for (const lane of this.lanes) {
      for (const c of lane.chunks) {
        pass.setBindGroup(0, c.sharpnessBind);
        pass.dispatchWorkgroups(ceilDiv(c.runCount, this.opts.workgroupSize));
      }
    }
    pass.end();
    device.queue.submit([enc.finish()]);
  }

  private async readLane(
    lane: Lane,
    minima: ReturnType<ResolvedSpec['landscape']['minima']>,
    nClasses: number,
    withSharpness: boolean,
  ): Promise<OptimizerResult> {
    const spec = this.spec;
    const n = spec.runs;
    const final = new Float32Array(2 * n);
    const loss = new Float32Array(n);
    const divergedAt = new Uint32Array(n);
    const convergedAt = new Uint32Array(n);
    const basin = new Uint32Array(n);
    const means = new Float32Array(lane.opt.swa ? 4 * n : 0);
    const sharp = {
      lambdaMax: new Float32Array(n),
      lambdaMin: new Float32Array(n),
      epsSharpness: new Float32Array(n),
      samSharpness: new Float32Array(n),
      localEntropy: new Float32Array(n),
    };
    for (const c of lane.chunks) {
      if (!withSharpness) break;
      const [sb] = await this.read([
        [c.sharpness, c.runCount * SHARPNESS_WORDS * 4],
      ]);
      const sf = new Float32Array(sb!);
      for (let i = 0; i < c.runCount; i++) {
        const b = i * SHARPNESS_WORDS;
        const g = c.runOffset + i;
        sharp.lambdaMax[g] = sf[b + SHARPNESS.lambda_max]!;
        sharp.lambdaMin[g] = sf[b + SHARPNESS.lambda_min]!;
        sharp.epsSharpness[g] = sf[b + SHARPNESS.eps_sharpness]!;
        sharp.samSharpness[g] = sf[b + SHARPNESS.sam_sharpness]!;
        sharp.localEntropy[g] = sf[b + SHARPNESS.local_entropy]!;
      }
      if (lane.opt.swa) {
        const [m] = await this.read([[c.swa, c.runCount * 16]]);
        means.set(new Float32Array(m!), 4 * c.runOffset);
      }
      const [runsBuf, basinBuf] = await this.read([
        [c.runs, c.runCount * RUN.words * 4],
        [c.basin, c.runCount * 4],
      ]);
      const f32 = new Float32Array(runsBuf!);
      const u32 = new Uint32Array(runsBuf!);
      basin.set(new Uint32Array(basinBuf!), c.runOffset);
      for (let i = 0; i < c.runCount; i++) {
        const g = c.runOffset + i;
        const b = i * RUN.words;
        final[2 * g] = f32[b + RUN.pos]!;
        final[2 * g + 1] = f32[b + RUN.pos + 1]!;
        loss[g] = f32[b + RUN.loss]!;
        divergedAt[g] = u32[b + RUN.diverged_at]!;
        convergedAt[g] = convergedSteps(
          u32[b + RUN.unconverged_at]!,
          divergedAt[g],
          spec.steps,
        );
      }
    }
    const nRecords = this.records.length;
    const stride = spec.steps + 1;
    const [valuesBuf, liveBuf, countsBuf, trajBuf] = await this.read([
      [lane.values, nRecords * MAX_LEVELS * 4],
      [lane.live, nRecords * 4],
      [lane.counts, nClasses * 4],
      [lane.traj, Math.max(8, spec.trajectories * stride * 8)],
    ]);
    const series = this.quantileSeries(
      new Float32Array(valuesBuf!),
      Array.from(new Uint32Array(liveBuf!)),
      this.recordsDone,
    );
    const totalSteps = n * spec.steps;
    return {
      id: lane.opt.def.id,
      label: lane.opt.label,
      hyper: lane.opt.hyper,
      schedule: lane.opt.schedule,
      runs: n,
      final,
      loss,
      divergedAt,
      convergedAt,
      basin,
      ...classCounts(minima, new Uint32Array(countsBuf!), convergedAt, n),
      quantiles: series,
      sharpness: withSharpness ? sharpnessResult(sharp, divergedAt) : null,
      swa: lane.opt.swa
        ? swaResult(
            final,
            means,
            divergedAt,
            minima,
            spec.basinRadius,
            classify,
          )
        : null,
      trajectories: {
        count: spec.trajectories,
        runs: this.pathRuns,
        stride,
        points: new Float32Array(trajBuf!).slice(
          0,
          2 * spec.trajectories * stride,
        ),
      },
      seconds: lane.seconds,
      runStepsPerSecond: lane.seconds > 0 ? totalSteps / lane.seconds : 0,
    };
  }

  private read(
    parts: readonly (readonly [GPUBuffer, number])[],
  ): Promise<ArrayBuffer[]> {
    return readBuffers(this.gpu.device, parts, 'GpuExperiment.read');
  }

  private lane(optimizer: number): Lane {
    const lane = this.lanes[optimizer];
    if (!lane) throw new RangeError(`no optimizer ${optimizer}`);
    return lane;
  }

  /**
   * The storage buffers of one optimizer's runs (array of `struct Run` of
   * kernels/layout.wgsl), chunk by chunk, for drawing without read-back.
   */
  runBuffers(optimizer: number): {
    buffer: GPUBuffer;
    runOffset: number;
    runCount: number;
  }[] {
    return this.lane(optimizer).chunks.map((c) => ({
      buffer: c.runs,
      runOffset: c.runOffset,
      runCount: c.runCount,
    }));
  }

  /**
   * The recorded paths of one optimizer: vec2f points, path r at
   * [r * (steps + 1), (r + 1) * (steps + 1)), NaN where not yet reached.
   */
  trajectoryBuffer(optimizer: number): GPUBuffer {
    return this.lane(optimizer).traj;
  }

  /** The class of each run after the last `stats()` or `results()`, per
   * chunk: u32 indices as in OptimizerResult.basin. */
  basinBuffers(optimizer: number): GPUBuffer[] {
    return this.lane(optimizer).chunks.map((c) => c.basin);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('GpuExperiment used after destroy()');
  }

  /** Frees every GPU buffer of the experiment. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const bufs: (GPUBuffer | undefined)[] = [
      this.landscapeUniform,
      this.levelsUniform,
      this.basinsUniform,
      this.sharpnessUniform,
      this.minima,
    ];
    for (const l of this.lanes) {
      bufs.push(l.driver, l.consts, l.oracleConsts, l.traj, l.select);
      bufs.push(l.hist);
      bufs.push(l.values, l.live, l.counts);
      for (const c of l.chunks) {
        bufs.push(c.runs, c.state, c.basin, c.swa, c.chunkUniform);
        bufs.push(c.sharpness, c.pathSlot);
      }
    }
    for (const b of bufs) b?.destroy();
  }
}

/** Runs a validated spec to the end on the GPU and returns its results. */
export async function runExperiment(
  gpu: Gpu,
  spec: ResolvedSpec,
  options: EngineOptions = {},
): Promise<ExperimentResult> {
  const e = await GpuExperiment.create(gpu, spec, options);
  try {
    await e.runToEnd();
    return await e.results();
  } finally {
    e.destroy();
  }
}
