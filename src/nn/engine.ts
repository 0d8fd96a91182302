/**
 * Trains thousands of small networks at once on the GPU: one invocation
 * per network, one pipeline per optimizer lane (the optimizer's own WGSL
 * module, as for 2D landscapes), the dataset in one storage buffer shared
 * by every network. Training and test losses are evaluated on the GPU at
 * each record and reduced to quantiles by the 2D engine's radix-selection
 * kernel; the final networks' sharpness is measured on the GPU too.
 */
import { makeStructuredView, setTypedValues } from 'webgpu-utils';
import { withErrorScopes, type Gpu } from '../engine/gpu';
import {
  BINS,
  createQuantilePipelines,
  decodeQuantiles,
  encodeQuantilePasses,
  levelsUniformData,
  MAX_LEVELS,
  type QuantilePipelines,
} from '../engine/quantiles';
import { readBuffers } from '../engine/readback';
import {
  quantilesKernelSource,
  reflect,
  structOf,
  wordOffsets,
} from '../engine/shaders';
import { scheduleFactor } from '../optimizers/schedules';
import { BasinsError } from '../util/errors';
import { logger } from '../util/log';
import { generateDataset, type Dataset } from './datasets';
import { packExamples } from './kernel';
import { initParams } from './mlp';
import {
  laneMedians,
  medianOf,
  type LossQuantiles,
  type NetExperimentResult,
  type NetLaneResult,
} from './results';
import {
  defaultForm,
  evaluateKernelSource,
  samplingConstants,
  shapeConstants,
  type NetworkForm,
  sharpnessKernelSource,
  trainKernelSource,
} from './shaders';
import type { ResolvedNetOptimizer, ResolvedNetworkSpec } from './spec';

const debug = logger('nn');

/** Tuning knobs; the defaults suit every device. */
export interface NetEngineOptions {
  /** Invocations per workgroup (one network each). */
  workgroupSize?: number;
  /** Cap on steps of one dispatch (the size of the constants buffer). */
  maxStepsPerDispatch?: number;
  /** Cap on examples processed by one dispatch (networks x batch x
   * steps), to keep each dispatch short. */
  maxExamplesPerDispatch?: number;
  /** Network functions written out for the shape, or loops; by default
   * unrolled up to UNROLL_LIMIT parameters (src/nn/unrolled.ts). */
  form?: NetworkForm;
}

const DEFAULTS: Required<Omit<NetEngineOptions, 'form'>> = {
  workgroupSize: 32,
  maxStepsPerDispatch: 1024,
  maxExamplesPerDispatch: 2 ** 22,
};

// Struct layouts do not depend on the capacity: reflect any one.
const evaluateLayout = evaluateKernelSource([2, 1], 'loops');
const runStruct = structOf(evaluateLayout, 'Run');
const RUN = {
  words: runStruct.size / 4,
  ...wordOffsets(runStruct, ['loss', 'diverged_at'] as const),
};
const evalStruct = structOf(evaluateLayout, 'NetEval');
const EVAL = {
  words: evalStruct.size / 4,
  ...wordOffsets(evalStruct, [
    'train_loss',
    'test_loss',
    'train_accuracy',
    'test_accuracy',
  ] as const),
};
const sharpnessLayout = sharpnessKernelSource([2, 1], 'loops');
const sharpStruct = structOf(sharpnessLayout, 'NetSharpness');
const SHARP = {
  words: sharpStruct.size / 4,
  ...wordOffsets(sharpStruct, [
    'lambda_max',
    'trace',
    'eps_sharpness',
  ] as const),
};

/** What `stats()` returns while the networks train. */
export interface NetLiveStats {
  /** Steps taken (submitted) so far. */
  step: number;
  lanes: {
    id: string;
    label: string;
    trainQuantiles: LossQuantiles;
    testQuantiles: LossQuantiles;
    /** Networks diverged by the last record. */
    diverged: number;
  }[];
}

/** Radix-selection buffers of one loss series. */
interface QuantileSet {
  select: GPUBuffer;
  hist: GPUBuffer;
  values: GPUBuffer;
  live: GPUBuffer;
  bind: GPUBindGroup;
}

/** The GPU side of one optimizer lane. */
interface Lane {
  opt: ResolvedNetOptimizer;
  /** The training kernel by loops: the same struct layouts as the
   * unrolled one, and far shorter to reflect. */
  layout: string;
  pipeline: GPUComputePipeline;
  driver: GPUBuffer;
  consts: GPUBuffer;
  constsStride: number;
  params: GPUBuffer;
  state: GPUBuffer;
  runs: GPUBuffer;
  testRuns: GPUBuffer;
  evals: GPUBuffer;
  sharpness: GPUBuffer;
  train: GPUBindGroup;
  evaluate: GPUBindGroup;
  trainQuantiles: QuantileSet;
  testQuantiles: QuantileSet;
  seconds: number;
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/**
 * A network experiment living on the GPU. Create it, advance it (all at
 * once or a few steps per frame), then read its results. Destroy it to
 * free memory.
 */
export class NetExperiment {
  readonly spec: ResolvedNetworkSpec;
  readonly dataset: Dataset;
  /** Steps taken so far by every lane. */
  stepsDone = 0;
  private readonly gpu: Gpu;
  private readonly opts: Required<NetEngineOptions>;
  private readonly lanes: Lane[] = [];
  private recordsDone = 0;
  private readonly buffers: GPUBuffer[] = [];
  private readonly data: GPUBuffer;
  private readonly evalDriver: GPUBuffer;
  private readonly quantileChunk: GPUBuffer;
  private readonly levels: GPUBuffer;
  private evaluatePipeline!: GPUComputePipeline;
  private sharpnessPipeline!: GPUComputePipeline;
  private quantilePipelines!: QuantilePipelines;
  private destroyed = false;

  private constructor(
    gpu: Gpu,
    spec: ResolvedNetworkSpec,
    o: NetEngineOptions,
  ) {
    this.gpu = gpu;
    this.spec = spec;
    this.opts = {
      ...DEFAULTS,
      form: defaultForm(spec.shape.widths),
      ...o,
    };
    this.dataset = generateDataset(spec.dataset);
    this.checkLimits();

    // the dataset, shared by every network
    const d = this.dataset;
    const points = packExamples(d, spec.dataset.n);
    this.data = this.storage('data', points.byteLength);
    gpu.device.queue.writeBuffer(this.data, 0, points);

    const ev = makeStructuredView(reflect(evaluateLayout).uniforms.drv!);
    ev.set({
      train_count: d.nTrain,
      test_count: d.nTest,
      run_count: spec.runs,
      l2: spec.shape.l2,
    });
    this.evalDriver = this.uniform('evalDriver', ev.arrayBuffer);
    // every network of a lane in one chunk of the quantile kernel
    const chunk = makeStructuredView(
      reflect(quantilesKernelSource).uniforms.chunk!,
    );
    chunk.set({ run_count: spec.runs, run_offset: 0 });
    this.quantileChunk = this.uniform('quantiles.chunk', chunk.arrayBuffer);
    this.levels = this.uniform(
      'quantiles.levels',
      levelsUniformData(spec.quantiles),
    );
  }

  /**
   * Builds pipelines and buffers for a validated spec. Rejects with a
   * BasinsError if the device refuses a pipeline or runs out of memory.
   */
  static async create(
    gpu: Gpu,
    spec: ResolvedNetworkSpec,
    options: NetEngineOptions = {},
  ): Promise<NetExperiment> {
    const e = new NetExperiment(gpu, spec, options);
    await withErrorScopes(
      gpu.device,
      'the network experiment',
      () => e.build(),
      () => e.destroy(),
    );
    e.record();
    return e;
  }

  /** Refuses specs whose buffers exceed what the device can bind. */
  private checkLimits(): void {
    const spec = this.spec;
    const lim = this.gpu.device.limits;
    const maxBytes = Math.min(
      lim.maxStorageBufferBindingSize,
      lim.maxBufferSize,
    );
    for (const o of spec.optimizers) {
      const stateBytes = structOf(
        trainKernelSource(o.def, spec.shape.widths, 'loops'),
        'OptState',
      ).size;
      const bytes = spec.runs * spec.parameters * Math.max(4, stateBytes);
      if (bytes > maxBytes) {
        throw new BasinsError(
          'LIMIT_EXCEEDED',
          `${spec.runs} networks of ${spec.parameters} parameters need ` +
            `${bytes} bytes of ${o.def.id} state in one buffer; this ` +
            `device binds at most ${maxBytes}: use at most ` +
            `${Math.floor(maxBytes / (spec.parameters * stateBytes))} runs ` +
            `or narrower layers`,
        );
      }
    }
    const groups = ceilDiv(spec.runs, this.opts.workgroupSize);
    if (groups > lim.maxComputeWorkgroupsPerDimension) {
      throw new BasinsError(
        'LIMIT_EXCEEDED',
        `${spec.runs} networks need ${groups} workgroups of ` +
          `${this.opts.workgroupSize}; this device dispatches at most ` +
          `${lim.maxComputeWorkgroupsPerDimension}: use a larger workgroup ` +
          `size or fewer runs`,
      );
    }
  }

  private uniform(name: string, data: ArrayBuffer): GPUBuffer {
    const b = this.gpu.device.createBuffer({
      label: `NetExperiment.${name}`,
      size: Math.max(16, data.byteLength),
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.gpu.device.queue.writeBuffer(b, 0, data);
    this.buffers.push(b);
    return b;
  }

  private storage(name: string, size: number): GPUBuffer {
    const b = this.gpu.device.createBuffer({
      label: `NetExperiment.${name}`,
      size: Math.max(16, Math.ceil(size / 4) * 4),
      usage:
        GPUBufferUsage.STORAGE |
        GPUBufferUsage.COPY_DST |
        GPUBufferUsage.COPY_SRC,
    });
    this.buffers.push(b);
    return b;
  }

  private get constants(): Record<string, number> {
    return {
      ...shapeConstants(this.spec.shape),
      WORKGROUP_SIZE: this.opts.workgroupSize,
    };
  }

  private async build(): Promise<void> {
    const { device } = this.gpu;
    const spec = this.spec;
    const constants = this.constants;
    const module = (label: string, code: string) =>
      device.createShaderModule({ label: `NetExperiment.${label}`, code });
    const compute = (
      label: string,
      code: string,
      entryPoint = 'main',
      layout: GPUPipelineLayout | 'auto' = 'auto',
      c: Record<string, number> = constants,
    ) =>
      device.createComputePipelineAsync({
        label: `NetExperiment.${label}`,
        layout,
        compute: { module: module(label, code), entryPoint, constants: c },
      });

    const quantiles = createQuantilePipelines(
      device,
      'NetExperiment',
      this.opts.workgroupSize,
    );
    const [evaluate, sharpness, ...trains] = await Promise.all([
      compute(
        'evaluate',
        evaluateKernelSource(spec.shape.widths, this.opts.form),
      ),
      compute(
        'sharpness',
        sharpnessKernelSource(spec.shape.widths, this.opts.form),
      ),
      ...spec.optimizers.map((o, i) =>
        compute(
          `lane${i}.train.${o.def.id}${o.sam ? '.sam' : ''}` +
            (o.sampling === 'epochs' ? '.epochs' : ''),
          trainKernelSource(
            o.def,
            spec.shape.widths,
            this.opts.form,
            o.sam !== null,
          ),
          'main',
          'auto',
          { ...constants, ...samplingConstants(o.sampling) },
        ),
      ),
    ]);
    this.evaluatePipeline = evaluate;
    this.sharpnessPipeline = sharpness;
    this.quantilePipelines = await quantiles;
    spec.optimizers.forEach((o, i) =>
      this.lanes.push(this.makeLane(o, trains[i]!, i)),
    );
  }

  private quantileSet(name: string, runs: GPUBuffer): QuantileSet {
    const { device } = this.gpu;
    const nRecords = this.spec.records.length;
    const selectSize = structOf(quantilesKernelSource, 'Select').size;
    const select = this.storage(`${name}.select`, selectSize);
    const hist = this.storage(`${name}.hist`, MAX_LEVELS * BINS * 4);
    const values = this.storage(`${name}.values`, nRecords * MAX_LEVELS * 4);
    const live = this.storage(`${name}.live`, nRecords * 4);
    const bind = device.createBindGroup({
      label: `NetExperiment.${name}`,
      layout: this.quantilePipelines.layout,
      entries: [
        this.quantileChunk,
        this.levels,
        runs,
        select,
        hist,
        values,
        live,
      ].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return { select, hist, values, live, bind };
  }

  private makeLane(
    opt: ResolvedNetOptimizer,
    pipeline: GPUComputePipeline,
    index: number,
  ): Lane {
    const { device } = this.gpu;
    const spec = this.spec;
    const name = (s: string) => `lane${index}.${s}`;
    const layout = trainKernelSource(opt.def, spec.shape.widths, 'loops');
    const P = spec.parameters;
    const n = spec.runs;
    const constsStride = structOf(layout, 'OptConsts').size;
    const maxK = Math.min(this.opts.maxStepsPerDispatch, spec.steps);
    const driver = device.createBuffer({
      label: `NetExperiment.${name('driver')}`,
      size: reflect(layout).uniforms.drv!.size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.buffers.push(driver);
    const consts = this.storage(name('consts'), maxK * constsStride);

    // initial weights, keyed by (seed, run) as the Float64 reference's
    const w = new Float32Array(n * P);
    for (let r = 0; r < n; r++) {
      initParams(spec.shape, spec.seed, r, w.subarray(r * P, (r + 1) * P));
    }
    const params = this.storage(name('params'), w.byteLength);
    device.queue.writeBuffer(params, 0, w);

    // optimizer state, one struct per parameter
    const stateStruct = structOf(layout, 'OptState');
    const stateWords = stateStruct.size / 4;
    const slots = wordOffsets(stateStruct, opt.def.state);
    const stateData = new Float32Array(n * P * stateWords);
    for (const [slot, value] of Object.entries(opt.def.initialState ?? {})) {
      const off = slots[slot];
      if (off === undefined || !value) continue;
      for (let k = 0; k < n * P; k++) stateData[k * stateWords + off] = value;
    }
    const state = this.storage(name('state'), stateData.byteLength);
    device.queue.writeBuffer(state, 0, stateData);

    const runs = this.storage(name('runs'), n * RUN.words * 4);
    const testRuns = this.storage(name('testRuns'), n * RUN.words * 4);
    const evals = this.storage(name('evals'), n * EVAL.words * 4);
    const sharpness = this.storage(name('sharpness'), n * SHARP.words * 4);
    const entries = (bs: GPUBuffer[]) =>
      bs.map((buffer, binding) => ({ binding, resource: { buffer } }));
    const train = device.createBindGroup({
      label: `NetExperiment.${name('train')}`,
      layout: pipeline.getBindGroupLayout(0),
      entries: entries([driver, consts, this.data, params, state, runs]),
    });
    const evaluate = device.createBindGroup({
      label: `NetExperiment.${name('evaluate')}`,
      layout: this.evaluatePipeline.getBindGroupLayout(0),
      entries: entries([
        this.evalDriver,
        this.data,
        params,
        runs,
        testRuns,
        evals,
      ]),
    });
    debug(
      () =>
        `${opt.def.id}: ${n} networks x ${P} parameters, batch ` +
        `${opt.batchSize}, ${constsStride} bytes of constants per step`,
    );
    return {
      opt,
      layout,
      pipeline,
      driver,
      consts,
      constsStride,
      params,
      state,
      runs,
      testRuns,
      evals,
      sharpness,
      train,
      evaluate,
      trainQuantiles: this.quantileSet(name('trainQuantiles'), runs),
      testQuantiles: this.quantileSet(name('testQuantiles'), testRuns),
      seconds: 0,
    };
  }

  /** Writes the driver and the per-step constants of one dispatch. */
  private writeStep(lane: Lane, stepOffset: number, steps: number): void {
    const spec = this.spec;
    const { opt } = lane;
    const view = makeStructuredView(reflect(lane.layout).uniforms.drv!);
    view.set({
      step_offset: stepOffset,
      steps,
      seed: spec.seed,
      batch_size: opt.batchSize,
      full_batch: opt.fullBatch ? 1 : 0,
      train_count: this.dataset.nTrain,
      run_count: spec.runs,
      l2: spec.shape.l2,
      sam: {
        rho: opt.sam?.rho ?? 0,
        adaptive: opt.sam?.adaptive ? 1 : 0,
        eta: opt.sam?.eta ?? 0,
      },
    });
    const { queue } = this.gpu.device;
    queue.writeBuffer(lane.driver, 0, view.arrayBuffer);
    const element = structOf(lane.layout, 'OptConsts');
    const data = new ArrayBuffer(steps * lane.constsStride);
    for (let k = 0; k < steps; k++) {
      const t = stepOffset + k + 1;
      const lr = opt.hyper.lr! * scheduleFactor(opt.schedule, t, spec.steps);
      const c = opt.def.consts(opt.hyper, { t, lr });
      setTypedValues(element, c, data, k * lane.constsStride);
    }
    queue.writeBuffer(lane.consts, 0, data);
  }

  /** Encodes and submits `steps` training steps of one lane. */
  private dispatchSteps(lane: Lane, stepOffset: number, steps: number) {
    const { device } = this.gpu;
    this.writeStep(lane, stepOffset, steps);
    const enc = device.createCommandEncoder({
      label: `NetExperiment.${lane.opt.def.id}.steps`,
    });
    const pass = enc.beginComputePass({
      label: `NetExperiment.${lane.opt.def.id}.train`,
    });
    pass.setPipeline(lane.pipeline);
    pass.setBindGroup(0, lane.train);
    pass.dispatchWorkgroups(ceilDiv(this.spec.runs, this.opts.workgroupSize));
    pass.end();
    device.queue.submit([enc.finish()]);
  }

  /** Encodes the evaluation of one lane's networks. */
  private encodeEvaluate(enc: GPUCommandEncoder, lane: Lane): void {
    const pass = enc.beginComputePass({
      label: `NetExperiment.${lane.opt.def.id}.evaluate`,
    });
    pass.setPipeline(this.evaluatePipeline);
    pass.setBindGroup(0, lane.evaluate);
    pass.dispatchWorkgroups(ceilDiv(this.spec.runs, this.opts.workgroupSize));
    pass.end();
  }

  /** Encodes the three radix-select passes for one loss series. */
  private encodeQuantiles(enc: GPUCommandEncoder, q: QuantileSet): void {
    encodeQuantilePasses(
      enc,
      this.quantilePipelines,
      q.hist,
      [{ bind: q.bind, runCount: this.spec.runs }],
      this.opts.workgroupSize,
      'NetExperiment',
    );
  }

  /** Evaluates one lane and records its loss quantiles. */
  private recordLane(lane: Lane): void {
    const enc = this.gpu.device.createCommandEncoder({
      label: 'NetExperiment.record',
    });
    this.encodeEvaluate(enc, lane);
    this.encodeQuantiles(enc, lane.trainQuantiles);
    this.encodeQuantiles(enc, lane.testQuantiles);
    this.gpu.device.queue.submit([enc.finish()]);
  }

  private record(): void {
    if (this.spec.records[this.recordsDone] !== this.stepsDone) return;
    for (const lane of this.lanes) this.recordLane(lane);
    this.recordsDone++;
  }

  /** Steps of one dispatch: to the next record, within the budgets. */
  private stepsFor(lane: Lane, done: number, limit: number): number {
    const next = this.spec.records.find((s) => s > done) ?? this.spec.steps;
    const perStep = this.spec.runs * lane.opt.batchSize;
    const budget = Math.floor(this.opts.maxExamplesPerDispatch / perStep);
    return Math.max(
      1,
      Math.min(limit, next - done, budget, this.opts.maxStepsPerDispatch),
    );
  }

  /** Whether every step of the spec has been taken. */
  get finished(): boolean {
    return this.stepsDone >= this.spec.steps;
  }

  /**
   * Submits up to `steps` more steps of every lane (fewer at the end).
   * Returns at once; the GPU works in the background.
   */
  advance(steps: number): void {
    this.assertAlive();
    let left = Math.min(steps, this.spec.steps - this.stepsDone);
    while (left > 0) {
      const k = Math.min(
        ...this.lanes.map((l) => this.stepsFor(l, this.stepsDone, left)),
      );
      for (const lane of this.lanes)
        this.dispatchSteps(lane, this.stepsDone, k);
      this.stepsDone += k;
      left -= k;
      this.record();
    }
  }

  /**
   * Runs every remaining step, one lane after the other so that each
   * one's wall time is measured, and waits for the GPU.
   */
  async runToEnd(): Promise<void> {
    this.assertAlive();
    const { device } = this.gpu;
    const start = this.stepsDone;
    for (const lane of this.lanes) {
      await device.queue.onSubmittedWorkDone();
      const t0 = performance.now();
      let done = start;
      while (done < this.spec.steps) {
        const k = this.stepsFor(lane, done, this.spec.steps - done);
        this.dispatchSteps(lane, done, k);
        done += k;
        if (this.spec.records.includes(done)) this.recordLane(lane);
      }
      await device.queue.onSubmittedWorkDone();
      lane.seconds += (performance.now() - t0) / 1000;
    }
    this.stepsDone = this.spec.steps;
    this.recordsDone = this.spec.records.length;
  }

  /** Measures the sharpness of every lane's networks, in chunks of
   * networks that keep each dispatch short. */
  private measureSharpness(): GPUBuffer[] {
    const s = this.spec.sharpness;
    if (!s) return [];
    const { device } = this.gpu;
    const spec = this.spec;
    const n = spec.runs;
    const products = s.powerIterations + s.probes + s.ascentSteps + 2;
    const perNetwork = this.dataset.nTrain * products * 3;
    const chunk = Math.max(
      this.opts.workgroupSize,
      Math.floor(this.opts.maxExamplesPerDispatch / perNetwork),
    );
    const drvDef = reflect(sharpnessLayout).uniforms.drv!;
    const temporary: GPUBuffer[] = [];
    for (const lane of this.lanes) {
      for (let offset = 0; offset < n; offset += chunk) {
        const count = Math.min(chunk, n - offset);
        const view = makeStructuredView(drvDef);
        view.set({
          run_offset: offset,
          run_count: count,
          train_count: this.dataset.nTrain,
          seed: spec.seed,
          power_iterations: s.powerIterations,
          probes: s.probes,
          ascent_steps: s.ascentSteps,
          epsilon: s.epsilon,
          l2: spec.shape.l2,
        });
        const drv = device.createBuffer({
          label: `NetExperiment.${lane.opt.def.id}.sharpness.driver`,
          size: view.arrayBuffer.byteLength,
          usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        });
        device.queue.writeBuffer(drv, 0, view.arrayBuffer);
        temporary.push(drv);
        const bind = device.createBindGroup({
          label: `NetExperiment.${lane.opt.def.id}.sharpness`,
          layout: this.sharpnessPipeline.getBindGroupLayout(0),
          entries: [drv, this.data, lane.params, lane.runs, lane.sharpness].map(
            (buffer, binding) => ({ binding, resource: { buffer } }),
          ),
        });
        const enc = device.createCommandEncoder({
          label: 'NetExperiment.sharpness',
        });
        const pass = enc.beginComputePass({
          label: `NetExperiment.${lane.opt.def.id}.sharpness`,
        });
        pass.setPipeline(this.sharpnessPipeline);
        pass.setBindGroup(0, bind);
        pass.dispatchWorkgroups(ceilDiv(count, this.opts.workgroupSize));
        pass.end();
        device.queue.submit([enc.finish()]);
      }
    }
    return temporary;
  }

  /** Reads every result back; evaluates and measures sharpness first. */
  async results(): Promise<NetExperimentResult> {
    this.assertAlive();
    const spec = this.spec;
    const { device } = this.gpu;
    const enc = device.createCommandEncoder({ label: 'NetExperiment.final' });
    for (const lane of this.lanes) this.encodeEvaluate(enc, lane);
    device.queue.submit([enc.finish()]);
    const temporary = this.measureSharpness();
    try {
      const lanes: NetLaneResult[] = [];
      for (const lane of this.lanes) lanes.push(await this.readLane(lane));
      const d = this.dataset;
      return {
        engine: 'webgpu',
        adapter: this.gpu.adapter,
        spec: spec.json,
        dataset: {
          kind: spec.dataset.kind,
          task: d.task,
          nTrain: d.nTrain,
          nTest: d.nTest,
        },
        parameters: spec.parameters,
        lanes,
      };
    } finally {
      for (const b of temporary) b.destroy();
    }
  }

  /**
   * The loss quantiles recorded so far, per lane: a few hundred bytes
   * read back, cheap enough to poll while the networks train.
   */
  async stats(): Promise<NetLiveStats> {
    this.assertAlive();
    const n = Math.max(1, this.recordsDone);
    const step = this.stepsDone;
    const parts = this.lanes.flatMap((l) =>
      [l.trainQuantiles, l.testQuantiles].flatMap(
        (q) =>
          [
            [q.values, n * MAX_LEVELS * 4],
            [q.live, n * 4],
          ] as const,
      ),
    );
    const bufs = await this.read(parts);
    return {
      step,
      lanes: this.lanes.map((lane, i) => {
        const at = (k: number) => bufs[4 * i + k]!;
        const train = this.quantileSeries(
          new Float32Array(at(0)),
          new Uint32Array(at(1)),
        );
        return {
          id: lane.opt.def.id,
          label: lane.opt.label,
          trainQuantiles: train,
          testQuantiles: this.quantileSeries(
            new Float32Array(at(2)),
            new Uint32Array(at(3)),
          ),
          diverged: this.spec.runs - (train.live.at(-1) ?? this.spec.runs),
        };
      }),
    };
  }

  private quantileSeries(
    values: Float32Array,
    live: Uint32Array,
  ): LossQuantiles {
    return decodeQuantiles(
      values,
      live,
      this.spec.records.slice(0, this.recordsDone),
      this.spec.quantiles,
    );
  }

  private async readLane(lane: Lane): Promise<NetLaneResult> {
    const spec = this.spec;
    const n = spec.runs;
    const nRecords = spec.records.length;
    const [evals, runs, sharp, tv, tl, sv, sl] = await this.read([
      [lane.evals, n * EVAL.words * 4],
      [lane.runs, n * RUN.words * 4],
      [lane.sharpness, n * SHARP.words * 4],
      [lane.trainQuantiles.values, nRecords * MAX_LEVELS * 4],
      [lane.trainQuantiles.live, nRecords * 4],
      [lane.testQuantiles.values, nRecords * MAX_LEVELS * 4],
      [lane.testQuantiles.live, nRecords * 4],
    ]);
    const ef = new Float32Array(evals!);
    const ru = new Uint32Array(runs!);
    const sf = new Float32Array(sharp!);
    const regression = this.dataset.task === 'regression';
    const perRun = {
      trainLoss: new Float64Array(n),
      testLoss: new Float64Array(n),
      trainAccuracy: new Float64Array(n),
      testAccuracy: new Float64Array(n),
      gap: new Float64Array(n),
      divergedAt: new Uint32Array(n),
    };
    for (let i = 0; i < n; i++) {
      const b = i * EVAL.words;
      perRun.trainLoss[i] = ef[b + EVAL.train_loss]!;
      perRun.testLoss[i] = ef[b + EVAL.test_loss]!;
      perRun.trainAccuracy[i] = regression ? NaN : ef[b + EVAL.train_accuracy]!;
      perRun.testAccuracy[i] = regression ? NaN : ef[b + EVAL.test_accuracy]!;
      perRun.gap[i] = perRun.testLoss[i]! - perRun.trainLoss[i]!;
      perRun.divergedAt[i] = ru[i * RUN.words + RUN.diverged_at]!;
    }
    let sharpness: NetLaneResult['sharpness'] = null;
    if (spec.sharpness) {
      const field = (f: number) =>
        Float64Array.from({ length: n }, (_, i) =>
          perRun.divergedAt[i] ? NaN : sf[i * SHARP.words + f]!,
        );
      const lambdaMax = field(SHARP.lambda_max);
      const trace = field(SHARP.trace);
      const epsSharpness = field(SHARP.eps_sharpness);
      sharpness = {
        lambdaMax,
        trace,
        epsSharpness,
        median: {
          lambdaMax: medianOf(lambdaMax),
          trace: medianOf(trace),
          epsSharpness: medianOf(epsSharpness),
        },
      };
    }
    return {
      id: lane.opt.def.id,
      label: lane.opt.label,
      hyper: lane.opt.hyper,
      schedule: lane.opt.schedule,
      batchSize: lane.opt.batchSize,
      runs: n,
      ...perRun,
      diverged: perRun.divergedAt.filter((d) => d !== 0).length,
      median: laneMedians(perRun),
      trainQuantiles: this.quantileSeries(
        new Float32Array(tv!),
        new Uint32Array(tl!),
      ),
      testQuantiles: this.quantileSeries(
        new Float32Array(sv!),
        new Uint32Array(sl!),
      ),
      sharpness,
      seconds: lane.seconds,
      networkStepsPerSecond:
        lane.seconds > 0 ? (n * this.stepsDone) / lane.seconds : 0,
    };
  }

  private read(
    parts: readonly (readonly [GPUBuffer, number])[],
  ): Promise<ArrayBuffer[]> {
    return readBuffers(this.gpu.device, parts, 'NetExperiment.read');
  }

  private lane(index: number): Lane {
    const lane = this.lanes[index];
    if (!lane) throw new RangeError(`no optimizer lane ${index}`);
    return lane;
  }

  /**
   * The parameters of one lane's networks: params[run * P + i] as
   * documented in src/nn/mlp.ts, for drawing or probing without
   * read-back.
   */
  paramsBuffer(lane: number): GPUBuffer {
    return this.lane(lane).params;
  }

  /** Reads the parameters of a lane's networks back (all, or one run). */
  async readParams(lane: number, run?: number): Promise<Float32Array> {
    this.assertAlive();
    const P = this.spec.parameters;
    const src = this.lane(lane).params;
    const { device } = this.gpu;
    const from = run === undefined ? 0 : run * P;
    const count = run === undefined ? this.spec.runs * P : P;
    const s = device.createBuffer({
      label: 'NetExperiment.read.params',
      size: count * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const enc = device.createCommandEncoder({ label: 'NetExperiment.read' });
    enc.copyBufferToBuffer(src, from * 4, s, 0, count * 4);
    device.queue.submit([enc.finish()]);
    await s.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(s.getMappedRange().slice(0));
    s.destroy();
    return out;
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('NetExperiment used after destroy()');
  }

  /** Frees every GPU buffer of the experiment. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const b of this.buffers) b.destroy();
  }
}

/** Runs a validated network spec to the end on the GPU. */
export async function runNetworkExperiment(
  gpu: Gpu,
  spec: ResolvedNetworkSpec,
  options: NetEngineOptions = {},
): Promise<NetExperimentResult> {
  const e = await NetExperiment.create(gpu, spec, options);
  try {
    await e.runToEnd();
    return await e.results();
  } finally {
    e.destroy();
  }
}
