/**
 * Basins' side of the benchmark: the fused kernel (and one step per
 * dispatch) through the engine the page uses, timed from the first
 * dispatch to the GPU's completion.
 */
import { GpuExperiment, type EngineOptions } from '../engine/experiment';
import { requestGpu, type Gpu } from '../engine/gpu';
import type { OptimizerSpec } from '../spec/spec';
import { resolveSpec } from '../spec/validate';
import type { FirstResultPhases } from './suite';
import { adamEntry, rosenbrockSpec, type Workload } from './workload';

/** A Basins experiment ready to be timed. */
async function prepare(
  gpu: Gpu,
  w: Workload,
  optimizer: OptimizerSpec,
  runs: number,
  steps: number,
  engine: EngineOptions,
): Promise<GpuExperiment> {
  // One step more than timed: the quantile record at the spec's last step
  // falls outside the timed window, which holds kernel steps alone.
  const spec = resolveSpec(rosenbrockSpec(w, optimizer, runs, steps + 1));
  const e = await GpuExperiment.create(gpu, spec, engine);
  // uploads and the priming dispatch finish before the clock starts
  await gpu.device.queue.onSubmittedWorkDone();
  return e;
}

/** Seconds of `steps` steps from submission to the GPU's completion. */
async function timeAdvance(
  gpu: Gpu,
  e: GpuExperiment,
  steps: number,
): Promise<number> {
  const t0 = performance.now();
  e.advance(steps);
  await gpu.device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / 1000;
}

/**
 * Seconds of `steps` steps of one optimizer over `runs` runs, creation and
 * uploads excluded. With `diverged` it also reads back the share of runs
 * that left the box (untimed).
 */
export async function timeSteps(
  gpu: Gpu,
  w: Workload,
  optimizer: OptimizerSpec,
  runs: number,
  steps: number,
  engine: EngineOptions = {},
): Promise<{ seconds: number; experiment: GpuExperiment }> {
  const e = await prepare(gpu, w, optimizer, runs, steps, engine);
  try {
    return { seconds: await timeAdvance(gpu, e, steps), experiment: e };
  } catch (err) {
    e.destroy();
    throw err;
  }
}

/** Seconds of one timed run, the experiment freed at once. */
export async function secondsOf(
  gpu: Gpu,
  w: Workload,
  optimizer: OptimizerSpec,
  runs: number,
  steps: number,
  engine: EngineOptions = {},
): Promise<number> {
  const { seconds, experiment } = await timeSteps(
    gpu,
    w,
    optimizer,
    runs,
    steps,
    engine,
  );
  experiment.destroy();
  return seconds;
}

/** Share of runs that diverged in an experiment (reads every run back). */
export async function divergedFraction(e: GpuExperiment): Promise<number> {
  const r = await e.results();
  return r.optimizers[0]!.diverged.fraction;
}

/** Basins' final positions after `steps` Adam steps: the parity baseline. */
export async function basinsFinal(
  gpu: Gpu,
  w: Workload,
  runs: number,
  steps: number,
): Promise<Float32Array> {
  const spec = resolveSpec(rosenbrockSpec(w, adamEntry(w), runs, steps));
  const e = await GpuExperiment.create(gpu, spec);
  try {
    await e.runToEnd();
    return (await e.results()).optimizers[0]!.final;
  } finally {
    e.destroy();
  }
}

/**
 * Milliseconds of one frame's worth of engine work, `stepsPerFrame` steps
 * and the wait for the GPU, repeated on one experiment (no drawing).
 */
export async function frameTimes(
  gpu: Gpu,
  w: Workload,
  runs: number,
  stepsPerFrame: number,
  frames: number,
): Promise<{ warmup: number; ms: number[] }> {
  const steps = stepsPerFrame * (frames + 1);
  const e = await prepare(gpu, w, adamEntry(w), runs, steps, {});
  try {
    const warmup = 1000 * (await timeAdvance(gpu, e, stepsPerFrame));
    const ms: number[] = [];
    for (let f = 0; f < frames; f++) {
      ms.push(1000 * (await timeAdvance(gpu, e, stepsPerFrame)));
    }
    return { warmup, ms };
  } finally {
    e.destroy();
  }
}

/**
 * The phases from asking for a device to the first frame's result on the
 * GPU: requestGpu, GpuExperiment.create (pipelines and buffers) and the
 * first `steps` steps with the wait for them. A new device each time.
 */
export async function firstResult(
  w: Workload,
  runs: number,
  steps: number,
): Promise<FirstResultPhases> {
  const spec = resolveSpec(rosenbrockSpec(w, adamEntry(w), runs, steps + 1));
  const t0 = performance.now();
  const gpu = await requestGpu();
  const t1 = performance.now();
  try {
    const e = await GpuExperiment.create(gpu, spec);
    const t2 = performance.now();
    e.advance(steps);
    await gpu.device.queue.onSubmittedWorkDone();
    const t3 = performance.now();
    e.destroy();
    return {
      device: t1 - t0,
      pipelines: t2 - t1,
      firstDispatch: t3 - t2,
      total: t3 - t0,
    };
  } finally {
    gpu.device.destroy();
  }
}
