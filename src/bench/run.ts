/**
 * Runs the whole suite in one page: first result, the device's peak
 * arithmetic and bandwidth, Basins' scaling sweeps (fused and one step per
 * dispatch), the optimizer families, engine frame time, and the peers with
 * their parity checks. Every figure is a median of repetitions after a
 * warm-up; a figure that fails is recorded with its reason, not dropped.
 */
import {
  resolveRunsPerInvocation,
  type EngineOptions,
} from '../engine/experiment';
import { NetExperiment, runNetworkExperiment } from '../nn/engine';
import { resolveNetworkSpec, type ResolvedNetworkSpec } from '../nn/spec';
import { requestGpu, type Gpu } from '../engine/gpu';
import { findOptimizer } from '../optimizers';
import type { OptimizerSpec } from '../spec/spec';
import {
  basinsFinal,
  divergedFraction,
  firstResult,
  frameTimes,
  secondsOf,
  timeSteps,
} from './basins';
import { calibrate } from './calibrate';
import { int, si } from './format';
import {
  COUNTED_SOURCES_HASH,
  countedSourcesHash,
  FUSED_ADAM_ROSENBROCK_OPS,
  FUSED_OPS_PER_RUN_STEP,
  unfusedBytesPerRunStep,
} from './ops';
import { CopyKernel, FmaKernel } from './peak';
import { FMA_FLOP_PER_ITERATION } from './peak-reference';
import { makeNetPeers } from './net-peers';
import { makePeers, releasePeers } from './peers';
import {
  figure,
  rateFigure,
  ratio,
  repeat,
  unevenness,
  type Figure,
} from './stats';
import {
  browserOf,
  SUITE_VERSION,
  type BenchReport,
  type FamilyPoint,
  type FirstResultPhases,
  type NetPeerPoint,
  type PeerPoint,
  type ScalingPoint,
  type SuiteParams,
  type Target,
} from './suite';
import { adamEntry, checkParity, workloadStarts } from './workload';

/** Receives one line per step of the suite, for a progress display. */
export type Progress = (line: string) => void;

const LIMITS_REPORTED = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs the suite and returns its report. */
export async function runSuite(
  params: SuiteParams,
  progress: Progress = () => {},
): Promise<BenchReport> {
  const t0 = performance.now();
  const w = params.workload;
  const notes: string[] = [];

  // first result: before anything else, so that its first repetition is
  // cold (no pipeline of this page compiled yet)
  progress('time to first result');
  const fr = await measureFirstResult(params, notes);

  const gpu = await requestGpu();
  void gpu.device.lost.then((info) => {
    if (info.reason !== 'destroyed') {
      notes.push(`The Basins device was lost: ${info.message}`);
    }
  });
  const { device } = gpu;
  const limits: Record<string, number> = {};
  for (const k of LIMITS_REPORTED) limits[k] = device.limits[k];
  const bytes = unfusedBytesPerRunStep();
  const sourcesHash = countedSourcesHash();

  const report: BenchReport = {
    suite: { name: 'basins-bench', version: SUITE_VERSION, params },
    date: new Date().toISOString(),
    environment: {
      userAgent: navigator.userAgent,
      browser: browserOf(navigator.userAgent),
      hardwareConcurrency: navigator.hardwareConcurrency,
      adapter: gpu.adapter,
      limits,
      features: [...device.features].sort(),
      runsPerInvocation: resolveRunsPerInvocation(
        params.engine.fused.runsPerInvocation,
        gpu.adapter,
      ),
    },
    counts: {
      opsPerRunStep: FUSED_OPS_PER_RUN_STEP,
      opsBreakdown: { ...FUSED_ADAM_ROSENBROCK_OPS },
      opsRules:
        'add, sub, mul, div, sqrt = 1 each (a fused multiply-add = 2); ' +
        'compares, abs, select, integer ops = 0; counted as written in ' +
        'fused.wgsl + plain.wgsl + rosenbrock.wgsl + adam.wgsl',
      sourcesHash,
      countedSourcesHash: COUNTED_SOURCES_HASH,
      countIsCurrent: sourcesHash === COUNTED_SOURCES_HASH,
      unfusedBytesPerRunStep: bytes.total,
      unfusedBytesBreakdown: {
        runStruct: bytes.runBytes,
        optimizerState: bytes.stateBytes,
        pathSlot: bytes.pathSlotBytes,
      },
    },
    ...(fr ? { firstResult: fr } : {}),
    peak: { errors: [] },
    scaling: { fused: [], unfused: [], fusedUnevenness: null },
    families: [],
    peers: [],
    frameTime: {
      note:
        `engine frame time without drawing: advance(${params.stepsPerFrame}` +
        ' steps) + queue.onSubmittedWorkDone on one experiment',
      points: [],
    },
    targets: [],
    notes,
    seconds: 0,
  };
  if (!report.counts.countIsCurrent) {
    notes.push(
      'The fused kernel changed since its operations were counted ' +
        '(src/bench/ops.ts): the share of peak may be off.',
    );
  }

  try {
    progress('peak arithmetic and copy bandwidth');
    await measurePeak(gpu, params, report);

    progress('scaling, fused');
    report.scaling.fused = await sweep(
      gpu,
      params,
      params.engine.fused,
      progress,
    );
    progress('scaling, one step per dispatch');
    report.scaling.unfused = await sweep(
      gpu,
      params,
      params.engine.unfused,
      progress,
    );
    shares(report);

    progress('families');
    report.families = await families(gpu, params, progress);

    progress('network training');
    report.networks = await networksFigure(gpu, params);
    if (report.networks.networkStepsPerSecond) {
      progress(
        `  ${report.networks.runs} networks: ` +
          `${Math.round(report.networks.networkStepsPerSecond.median)} ` +
          'network-steps/s',
      );
    }

    progress('engine frame time');
    for (const runs of params.frameRuns) {
      try {
        const { ms } = await frameTimes(
          gpu,
          w,
          runs,
          params.stepsPerFrame,
          params.reps,
        );
        report.frameTime.points.push({
          runs,
          stepsPerFrame: params.stepsPerFrame,
          ms: figure(ms, 'ms'),
        });
      } catch (e) {
        report.frameTime.points.push({
          runs,
          stepsPerFrame: params.stepsPerFrame,
          error: message(e),
        });
      }
    }

    report.peers = await peers(gpu, params, report.scaling.fused, progress);

    report.networks.peers = await netPeers(
      gpu,
      params,
      report.networks.networkStepsPerSecond,
      progress,
    );
  } finally {
    releasePeers();
    gpu.device.destroy();
  }

  report.scaling.fusedUnevenness = flatness(report.scaling.fused);
  report.targets = targets(report);
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

/**
 * Network training: the suite's network spec trained to the end after a
 * warm-up, `reps` times; each repetition's network-steps per second is
 * the engine's own (training dispatches only, not pipeline compilation).
 */
async function networksFigure(
  gpu: Gpu,
  params: SuiteParams,
): Promise<NonNullable<BenchReport['networks']>> {
  const spec = resolveNetworkSpec(params.networks);
  const base = {
    runs: spec.runs,
    steps: spec.steps,
    parameters: spec.parameters,
    peers: [],
  };
  try {
    const rate = async () =>
      (await runNetworkExperiment(gpu, spec)).lanes[0]!.networkStepsPerSecond;
    await rate();
    const samples: number[] = [];
    for (let r = 0; r < params.reps; r++) samples.push(await rate());
    return {
      ...base,
      networkStepsPerSecond: figure(samples, 'network-steps/s'),
    };
  } catch (e) {
    return { ...base, error: message(e) };
  }
}

/**
 * Basins' parameters of every network after `steps` steps of the suite's
 * network spec (its schedule is over the spec's steps, as the peers'):
 * the network parity baseline.
 */
async function basinsNetworks(
  gpu: Gpu,
  spec: ResolvedNetworkSpec,
  steps: number,
): Promise<Float32Array> {
  const e = await NetExperiment.create(gpu, spec);
  try {
    e.advance(steps);
    return await e.readParams(0);
  } finally {
    e.destroy();
  }
}

/**
 * The TensorFlow.js peers of network training: each one's parity after
 * the suite's parity steps, then its network-steps per second, the steps
 * of a repetition sized by calibration, the median of `reps` after it.
 */
async function netPeers(
  gpu: Gpu,
  params: SuiteParams,
  basins: Figure | undefined,
  progress: Progress,
): Promise<NetPeerPoint[]> {
  const spec = resolveNetworkSpec(params.networks);
  const o = params.networkPeers;
  const out: NetPeerPoint[] = [];
  let baseline: Promise<Float32Array> | null = null;
  for (const peer of makeNetPeers(spec, o.peers)) {
    progress(`network peer ${peer.label}`);
    const point: NetPeerPoint = {
      id: peer.id,
      label: peer.label,
      runs: spec.runs,
      steps: 0,
    };
    out.push(point);
    try {
      point.info = await peer.setup();
      baseline ??= basinsNetworks(gpu, spec, o.paritySteps);
      const { final } = await peer.run(o.paritySteps);
      point.parity = {
        steps: o.paritySteps,
        ...checkParity(final, await baseline, o.parity),
      };
      const cal = await calibrate(async (k) => (await peer.run(k)).seconds, {
        start: o.steps.min,
        min: o.steps.min,
        max: o.steps.max,
        targetSeconds: params.targetSeconds,
      });
      point.steps = cal.size;
      const seconds: number[] = [];
      for (let r = 0; r < params.reps; r++) {
        seconds.push((await peer.run(cal.size)).seconds);
      }
      point.networkStepsPerSecond = rateFigure(
        spec.runs * cal.size,
        seconds,
        'network-steps/s',
      );
      if (basins) {
        point.basinsOverPeer = ratio(basins, point.networkStepsPerSecond);
      }
      progress(
        `  ${si(point.networkStepsPerSecond.median)} network-steps/s, ` +
          `parity ${point.parity.pass ? 'pass' : 'FAIL'} ` +
          `(${point.parity.maxAbsDiff.toExponential(1)})`,
      );
    } catch (e) {
      point.error = message(e);
      progress(`  ${point.error}`);
    }
  }
  return out;
}

async function measureFirstResult(
  params: SuiteParams,
  notes: string[],
): Promise<BenchReport['firstResult'] | undefined> {
  const { firstResultRuns: runs, stepsPerFrame: steps, workload } = params;
  try {
    const cold = await firstResult(workload, runs, steps);
    const warm: FirstResultPhases[] = [];
    for (let r = 0; r < params.reps; r++) {
      warm.push(await firstResult(workload, runs, steps));
    }
    const phase = (k: keyof FirstResultPhases) =>
      figure(
        warm.map((p) => p[k]),
        'ms',
      );
    return {
      runs,
      steps,
      cold,
      warm: {
        device: phase('device'),
        pipelines: phase('pipelines'),
        firstDispatch: phase('firstDispatch'),
        total: phase('total'),
      },
    };
  } catch (e) {
    notes.push(`Time to first result failed: ${message(e)}`);
    return undefined;
  }
}

async function measurePeak(
  gpu: Gpu,
  params: SuiteParams,
  report: BenchReport,
): Promise<void> {
  const { device } = gpu;
  const done = () => device.queue.onSubmittedWorkDone();
  const timed = async (submit: () => void) => {
    const t = performance.now();
    submit();
    await done();
    return (performance.now() - t) / 1000;
  };
  const perDispatch = Math.min(params.targetSeconds, params.maxDispatchSeconds);

  device.pushErrorScope('validation');
  try {
    const fma = await FmaKernel.create(device, params.fmaInvocations);
    try {
      const iter = await calibrate((it) => timed(() => fma.submit(it)), {
        start: 64,
        min: 1,
        max: 2 ** 24,
        targetSeconds: perDispatch,
      });
      const one = await timed(() => fma.submit(iter.size));
      const dispatches = Math.min(
        2 ** 12,
        Math.max(1, Math.round(params.targetSeconds / Math.max(one, 1e-6))),
      );
      const { seconds } = await repeat(params.reps, () =>
        timed(() => fma.submit(iter.size, dispatches)),
      );
      const flopPerRep =
        fma.invocations * iter.size * FMA_FLOP_PER_ITERATION * dispatches;
      report.peak.fma = {
        gflops: rateFigure(flopPerRep / 1e9, seconds, 'GFLOP/s'),
        invocations: fma.invocations,
        iterations: iter.size,
        dispatches,
        flopPerRep,
      };
    } finally {
      fma.destroy();
    }
  } catch (e) {
    report.peak.errors.push(`peak FMA: ${message(e)}`);
  }

  try {
    const lim = device.limits;
    const bufferBytes = Math.min(
      params.copyBytes,
      lim.maxStorageBufferBindingSize,
      lim.maxBufferSize,
    );
    const copy = await CopyKernel.create(device, Math.floor(bufferBytes / 16));
    try {
      const cal = await calibrate((d) => timed(() => copy.submit(d)), {
        start: 1,
        min: 1,
        max: 2 ** 16,
        targetSeconds: params.targetSeconds,
      });
      const { seconds } = await repeat(params.reps, () =>
        timed(() => copy.submit(cal.size)),
      );
      const bytesPerRep = copy.bytesPerDispatch * cal.size;
      report.peak.copy = {
        gbps: rateFigure(bytesPerRep / 1e9, seconds, 'GB/s'),
        bufferBytes: copy.vectors * 16,
        dispatches: cal.size,
        bytesPerRep,
      };
    } finally {
      copy.destroy();
    }
  } catch (e) {
    report.peak.errors.push(`copy bandwidth: ${message(e)}`);
  }
  const err = await device.popErrorScope();
  if (err) report.peak.errors.push(`validation: ${err.message}`);
}

/**
 * The fewest steps of a repetition: with one step per dispatch 1, fused
 * the steps of one full dispatch at the engine's defaults. Fewer would
 * time the loading and storing of every run rather than fused steps.
 */
function minSteps(
  params: SuiteParams,
  runs: number,
  engine: EngineOptions,
): number {
  if (engine.maxStepsPerDispatch === 1) return params.basinsSteps.min;
  const { runSteps, maxSteps } = params.fusedDispatch;
  return Math.max(
    params.basinsSteps.min,
    Math.min(maxSteps, Math.ceil(runSteps / runs)),
  );
}

/**
 * Times Basins steps for one optimizer and N, the steps of a repetition
 * sized by calibration to the target time.
 */
async function basinsFigure(
  gpu: Gpu,
  params: SuiteParams,
  optimizer: OptimizerSpec,
  runs: number,
  engine: EngineOptions,
): Promise<{ steps: number; rate: Figure; seconds: number[] }> {
  const w = params.workload;
  const min = minSteps(params, runs, engine);
  const cal = await calibrate(
    (steps) => secondsOf(gpu, w, optimizer, runs, steps, engine),
    {
      start: min,
      min,
      max: params.basinsSteps.max,
      targetSeconds: params.targetSeconds,
    },
  );
  const steps = cal.size;
  const seconds: number[] = [];
  for (let r = 0; r < params.reps; r++) {
    seconds.push(await secondsOf(gpu, w, optimizer, runs, steps, engine));
  }
  return {
    steps,
    rate: rateFigure(runs * steps, seconds, 'run-steps/s'),
    seconds,
  };
}

async function sweep(
  gpu: Gpu,
  params: SuiteParams,
  engine: EngineOptions,
  progress: Progress,
): Promise<ScalingPoint[]> {
  const out: ScalingPoint[] = [];
  const adam = adamEntry(params.workload);
  for (const runs of params.scalingRuns) {
    try {
      const f = await basinsFigure(gpu, params, adam, runs, engine);
      out.push({ runs, steps: f.steps, runStepsPerSecond: f.rate });
      progress(`  N ${runs}: ${si(f.rate.median)} run-steps/s`);
    } catch (e) {
      // the device's memory or limits: larger N will not fit either
      out.push({ runs, steps: 0, error: message(e) });
      progress(`  N ${runs}: ${message(e)}`);
      break;
    }
  }
  return out;
}

function shares(report: BenchReport): void {
  const peak = report.peak.fma?.gflops.median;
  const bw = report.peak.copy?.gbps.median;
  for (const p of report.scaling.fused) {
    if (p.runStepsPerSecond && peak) {
      p.share =
        (p.runStepsPerSecond.median * report.counts.opsPerRunStep) /
        (peak * 1e9);
    }
  }
  for (const p of report.scaling.unfused) {
    if (p.runStepsPerSecond && bw) {
      p.share =
        (p.runStepsPerSecond.median * report.counts.unfusedBytesPerRunStep) /
        (bw * 1e9);
    }
  }
}

async function families(
  gpu: Gpu,
  params: SuiteParams,
  progress: Progress,
): Promise<FamilyPoint[]> {
  const out: FamilyPoint[] = [];
  const runs = params.comparisonRuns;
  for (const o of params.families) {
    const def = findOptimizer(o.id);
    const point: FamilyPoint = {
      id: o.id,
      family: def?.family ?? 'unknown',
      hyper: o.hyper ?? {},
      runs,
      steps: 0,
    };
    try {
      const f = await basinsFigure(gpu, params, o, runs, params.engine.fused);
      point.steps = f.steps;
      point.runStepsPerSecond = f.rate;
      const { experiment } = await timeSteps(
        gpu,
        params.workload,
        o,
        runs,
        f.steps,
        params.engine.fused,
      );
      try {
        point.divergedFraction = await divergedFraction(experiment);
      } finally {
        experiment.destroy();
      }
      progress(`  ${o.id}: ${si(f.rate.median)} run-steps/s`);
    } catch (e) {
      point.error = message(e);
    }
    out.push(point);
  }
  return out;
}

async function peers(
  gpu: Gpu,
  params: SuiteParams,
  fused: ScalingPoint[],
  progress: Progress,
): Promise<PeerPoint[]> {
  const w = params.workload;
  const out: PeerPoint[] = [];
  const baselines = new Map<string, Promise<Float32Array>>();
  const baseline = (runs: number, steps: number) => {
    const key = `${runs}:${steps}`;
    let b = baselines.get(key);
    if (!b) {
      b = basinsFinal(gpu, w, runs, steps);
      baselines.set(key, b);
    }
    return b;
  };
  const startsByRuns = new Map<number, Float32Array>();

  for (const peer of makePeers(w, params.peers)) {
    progress(`peer ${peer.label}`);
    let info: PeerPoint['info'];
    let setupError: string | undefined;
    try {
      info = await peer.setup();
    } catch (e) {
      setupError = message(e);
    }
    for (const runs of params.peerRuns) {
      const point: PeerPoint = {
        id: peer.id,
        label: peer.label,
        runs,
        steps: 0,
        ...(info ? { info } : {}),
      };
      out.push(point);
      if (setupError) {
        point.error = setupError;
        continue;
      }
      try {
        let starts = startsByRuns.get(runs);
        if (!starts) {
          starts = workloadStarts(w, runs);
          startsByRuns.set(runs, starts);
        }
        const s = starts;
        const cal = await calibrate(
          async (steps) => (await peer.run(s, steps)).seconds,
          {
            start: params.peerSteps.min,
            min: params.peerSteps.min,
            max: params.peerSteps.max,
            targetSeconds: params.targetSeconds,
          },
        );
        point.steps = cal.size;
        const seconds: number[] = [];
        let final: ArrayLike<number> = [];
        for (let r = 0; r < params.reps; r++) {
          const run = await peer.run(s, cal.size);
          seconds.push(run.seconds);
          final = run.final;
        }
        point.runStepsPerSecond = rateFigure(
          runs * cal.size,
          seconds,
          'run-steps/s',
        );
        const tol =
          peer.id === 'js-float64'
            ? params.parity.float64
            : params.parity.float32;
        point.parity = checkParity(final, await baseline(runs, cal.size), tol);
        const basins = fused.find((p) => p.runs === runs)?.runStepsPerSecond;
        if (basins) {
          point.basinsOverPeer = ratio(basins, point.runStepsPerSecond);
        }
        progress(
          `  N ${runs}: ${si(point.runStepsPerSecond.median)} run-steps/s, ` +
            `parity ${point.parity.pass ? 'pass' : 'FAIL'}`,
        );
      } catch (e) {
        point.error = message(e);
        progress(`  N ${runs}: ${point.error}`);
      }
    }
  }
  return out;
}

/** max / min - 1 of the fused medians from N = 16,384 up. */
function flatness(fused: ScalingPoint[]): number | null {
  const medians = fused
    .filter((p) => p.runs >= 16384 && p.runStepsPerSecond)
    .map((p) => p.runStepsPerSecond!.median);
  return medians.length >= 2 ? unevenness(medians) : null;
}

function targets(r: BenchReport): Target[] {
  const n = 262144;
  const at = (ids: string[]) =>
    r.peers
      .filter((p) => ids.includes(p.id) && p.runs === n && p.basinsOverPeer)
      .map((p) => p.basinsOverPeer!.median);
  // against the faster of the two TF.js WebGPU variants
  const webgpu = at(['tfjs-webgpu-elementwise', 'tfjs-webgpu-train-adam']);
  const js = at(['js-float64']);
  const vsWebgpu = webgpu.length ? Math.min(...webgpu) : null;
  const vsJs = js.length ? js[0]! : null;
  const flat = r.scaling.fusedUnevenness;
  const largest = r.scaling.fused
    .filter((p) => p.runStepsPerSecond)
    .map((p) => p.runs)
    .pop();
  return [
    {
      name: 'fused Adam / TF.js WebGPU (faster variant) at N = 262,144',
      goal: '>= 100',
      measured: vsWebgpu,
      pass: vsWebgpu !== null && vsWebgpu >= 100,
    },
    {
      name: 'fused Adam / JavaScript Float64 loop at N = 262,144',
      goal: '>= 3',
      measured: vsJs,
      pass: vsJs !== null && vsJs >= 3,
    },
    {
      name:
        'fused run-steps/s flat from N = 16,384 to ' +
        `${largest === undefined ? '?' : int(largest)} (max / min - 1)`,
      goal: '<= 0.25',
      measured: flat,
      pass: flat !== null && flat <= 0.25,
    },
  ];
}
