/**
 * Owns the GPU device and the running experiment of the page, and the frame
 * loop that advances it: a Lit reactive controller, so that everything is
 * released when its element leaves the page.
 *
 * Per animation frame it submits a few fused steps (adapted so that a frame
 * of GPU work stays near FRAME_BUDGET_MS), then lets the views draw from the
 * engine's buffers. It never waits for the GPU inside a frame: the next
 * frame's work is only submitted once the last one is done (a flag set by
 * `onSubmittedWorkDone`), and statistics are read back a few times a second
 * by a poll that skips while one is in flight.
 *
 * Without WebGPU it runs the Float64 reference engine on the CPU instead,
 * with the same loop and a smaller number of runs.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GpuExperiment } from '../engine/experiment';
import { requestGpu, type Gpu } from '../engine/gpu';
import type { ExperimentResult, LiveStats } from '../engine/results';
import { ReferenceExperiment } from '../reference/engine';
import type { ResolvedSpec } from '../spec/spec';
import type { UrlLimits } from '../spec/url';
import { BasinsError } from '../util/errors';
import { logger } from '../util/log';
import { loadRender, type RenderModule } from './render-api';

const debug = logger('ui');

export type EngineMode = 'gpu' | 'cpu';
export type Experiment = GpuExperiment | ReferenceExperiment;

/** Where the controller is: building, running, lost its device, ... */
export type EnginePhase =
  'starting' | 'building' | 'ready' | 'lost' | 'restoring' | 'failed';

/** The page's limits on the CPU: the reference engine is ~1000x slower. */
export const CPU_LIMITS: UrlLimits = {
  maxRuns: 4096,
  maxTotalRuns: 16_384,
  maxOptimizers: 8,
};

/** The page's limits with WebGPU (the engine allows more). */
export const GPU_LIMITS: UrlLimits = {
  maxRuns: 4_194_304,
  maxTotalRuns: 8_388_608,
  maxOptimizers: 8,
};

/** Above this many runs a software adapter gets slow: say so. */
export const SLOW_RUNS_ON_FALLBACK = 100_000;

/** The time a frame should take (its steps and its drawing). */
const FRAME_BUDGET_MS = 32;
/**
 * Frames whose GPU work may be in flight at once: two, so that the CPU
 * prepares the next frame while the GPU draws this one.
 */
const MAX_IN_FLIGHT = 2;
const MAX_STEPS_PER_FRAME = 64;

/** How fast the runs may play: the least time a whole run takes. */
export const SPEEDS = {
  slow: 12,
  normal: 6,
  fast: 1.5,
  max: 0,
} as const;

export type Speed = keyof typeof SPEEDS;
/**
 * Statistics are polled this often. On the CPU they come with the full
 * results (classes, paths and the sharpness of every end point), which
 * take tens of milliseconds for a few thousand runs: less often there.
 */
const STATS_INTERVAL_MS = { gpu: 250, cpu: 500 } as const;

/** What the views draw from in one frame. */
export interface FrameInfo {
  exp: Experiment;
}

export type FrameListener = (f: FrameInfo) => void;

/** Frees an experiment's GPU memory (the CPU one needs nothing). */
function destroyExperiment(exp: Experiment | null): void {
  if (exp && !(exp instanceof ReferenceExperiment)) exp.destroy();
}

/**
 * The GPU engine, loaded only where WebGPU exists: its modules reflect
 * WGSL as they load, which needs the WebGPU globals.
 */
type GpuEngine = typeof import('../engine/experiment');

export class EngineController implements ReactiveController {
  mode: EngineMode | null = null;
  phase: EnginePhase = 'starting';
  gpu: Gpu | null = null;
  /** The WebGPU drawing layer, or null (2D canvas) without it. */
  render: RenderModule | null = null;
  /** Why WebGPU is not used, for the help notice. */
  noWebgpu: string | null = null;
  /** The last error worth showing (a refused experiment, a GPU error). */
  error: string | null = null;
  /** Why the device was lost, and the step the runs had reached. */
  lostMessage: string | null = null;
  lostStep = 0;

  exp: Experiment | null = null;
  spec: ResolvedSpec | null = null;
  /** Increments whenever `exp` or the device changes. */
  version = 0;
  playing = false;
  stats: LiveStats | null = null;
  /** The latest full results, with the step they are for. */
  results: ExperimentResult | null = null;
  resultsStep = -1;
  /**
   * Results with the sharpness of every end point, and the step they were
   * measured at: taken once the runs finish, or on request while paused
   * (`measureSharpness`), never while they play.
   */
  sharp: ExperimentResult | null = null;
  sharpStep = -1;

  /** How fast the runs play (a cap on steps per frame). */
  speed: Speed = 'normal';
  /** Frames per second while playing, and steps per frame. */
  fps = 0;
  stepsPerFrame = 2;
  /** Frame rates measured over half-second windows while playing. */
  readonly fpsSamples: number[] = [];

  private readonly listeners = new Set<FrameListener>();
  private readonly statsListeners = new Set<() => void>();
  private raf = 0;
  private generation = 0;
  private inFlight = 0;
  private lastDone = 0;
  private dirty = true;
  private framesInWindow = 0;
  private windowStart = 0;
  private lastPoll = 0;
  private statsInFlight = false;
  private statsAgain = false;
  private resultsPromise: Promise<ExperimentResult | null> | null = null;
  private sharpPromise: Promise<ExperimentResult | null> | null = null;
  private disposed = false;
  private simulatingLoss = false;
  private wasPlaying = false;
  /** Steps to run to before playing on (after a restore). */
  private catchUp = 0;
  private playAfterCatchUp = false;
  private gpuEngine: GpuEngine | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  // ------------------------------------------------------------ lifecycle

  hostConnected(): void {
    this.disposed = false;
    this.raf = requestAnimationFrame(this.tick);
  }

  hostDisconnected(): void {
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    destroyExperiment(this.exp);
    this.exp = null;
    this.gpu?.device.destroy();
    this.gpu = null;
    this.mode = null;
    this.phase = 'starting';
  }

  /** Finds WebGPU (or settles for the CPU) and the drawing layer. */
  async init(): Promise<void> {
    try {
      this.gpu = await requestGpu();
      this.watch(this.gpu);
      this.gpuEngine = await import('../engine/experiment');
      this.mode = 'gpu';
      this.render = await loadRender();
    } catch (e) {
      this.gpu?.device.destroy();
      this.gpu = null;
      this.mode = 'cpu';
      this.noWebgpu =
        e instanceof BasinsError && e.code === 'NO_WEBGPU'
          ? e.message
          : `WebGPU failed to start: ${e instanceof Error ? e.message : e}`;
      debug(() => `CPU mode: ${this.noWebgpu}`);
    }
    this.host.requestUpdate();
  }

  /** The page's limits for the mode in use. */
  get limits(): UrlLimits {
    return this.mode === 'gpu' ? GPU_LIMITS : CPU_LIMITS;
  }

  /** A short description of what runs the experiment. */
  get engineLabel(): string {
    if (this.mode === 'cpu') return 'CPU · Float64 reference engine';
    const a = this.gpu?.adapter;
    if (!a) return 'WebGPU';
    const name = [a.vendor, a.architecture].filter(Boolean).join(' ');
    return `WebGPU · ${name || a.description || 'adapter'}`;
  }

  /** Whether the adapter is a software one (SwiftShader and the like). */
  get softwareAdapter(): boolean {
    return this.gpu?.adapter.isFallbackAdapter ?? false;
  }

  private watch(gpu: Gpu): void {
    const device = gpu.device;
    device.addEventListener('uncapturederror', (ev) => {
      const msg = (ev as GPUUncapturedErrorEvent).error.message;
      debug(() => `GPU error: ${msg}`);
      if (!this.error) {
        this.error = `The GPU reported an error: ${msg}`;
        this.host.requestUpdate();
      }
    });
    void device.lost.then((info) => {
      if (this.disposed || this.gpu !== gpu) return;
      if (info.reason === 'destroyed' && !this.simulatingLoss) return;
      this.simulatingLoss = false;
      this.lostStep = this.exp?.stepsDone ?? 0;
      this.wasPlaying = this.playing;
      this.playing = false;
      this.exp = null;
      this.version++;
      this.phase = 'lost';
      this.lostMessage = info.message || 'The GPU device was lost.';
      // errors of work in flight are consequences of the loss, not news
      this.error = null;
      this.host.requestUpdate();
    });
  }

  /** Rebuilds the device and the experiment, and runs to the lost step. */
  async restore(): Promise<void> {
    if (this.phase !== 'lost' || !this.spec) return;
    this.phase = 'restoring';
    this.host.requestUpdate();
    try {
      this.gpu = await requestGpu();
      this.watch(this.gpu);
      this.version++;
      this.lostMessage = null;
      await this.load(this.spec, {
        play: this.wasPlaying,
        toStep: this.lostStep,
      });
    } catch (e) {
      this.phase = 'lost';
      this.lostMessage = `Restoring failed: ${
        e instanceof Error ? e.message : String(e)
      }`;
      this.host.requestUpdate();
    }
  }

  /** Loses the device on purpose, to try the restore path. */
  simulateDeviceLoss(): void {
    if (!this.gpu) return;
    this.simulatingLoss = true;
    this.gpu.device.destroy();
  }

  // ------------------------------------------------------------ experiment

  /**
   * Builds an experiment for a spec and swaps it in once ready; a newer
   * call wins over an older one still building.
   */
  async load(
    spec: ResolvedSpec,
    opts: { play: boolean; toStep?: number },
  ): Promise<void> {
    const gen = ++this.generation;
    this.phase = 'building';
    this.host.requestUpdate();
    let exp: Experiment;
    try {
      exp =
        this.mode === 'gpu' && this.gpu && this.gpuEngine
          ? await this.gpuEngine.GpuExperiment.create(this.gpu, spec)
          : new ReferenceExperiment(spec);
    } catch (e) {
      if (gen !== this.generation) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = this.exp ? 'ready' : 'failed';
      this.host.requestUpdate();
      return;
    }
    if (gen !== this.generation || this.disposed) {
      destroyExperiment(exp);
      return;
    }
    // a restored experiment runs back to where it was, a frame at a time
    this.catchUp = opts.toStep ?? 0;
    this.playAfterCatchUp = opts.play;
    const old = this.exp;
    this.exp = exp;
    this.spec = spec;
    this.version++;
    this.stats = null;
    this.results = null;
    this.resultsStep = -1;
    this.resultsPromise = null;
    this.sharp = null;
    this.sharpStep = -1;
    this.sharpPromise = null;
    this.error = null;
    destroyExperiment(old);
    this.playing = opts.play && !exp.finished && this.catchUp === 0;
    this.phase = 'ready';
    this.dirty = true;
    this.fps = 0;
    this.windowStart = performance.now();
    this.framesInWindow = 0;
    void this.pollStats(true);
    this.host.requestUpdate();
  }

  /** Plays on; at the end, plays again from the start. */
  play(): void {
    if (!this.exp || this.phase !== 'ready') return;
    if (this.exp.finished) {
      if (this.spec) void this.load(this.spec, { play: true });
      return;
    }
    this.playing = true;
    this.windowStart = performance.now();
    this.framesInWindow = 0;
    this.host.requestUpdate();
  }

  pause(): void {
    this.playing = false;
    this.playAfterCatchUp = false;
    this.fps = 0;
    void this.pollStats(true);
    this.host.requestUpdate();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** One step of every run, then stops. */
  step(): void {
    const exp = this.exp;
    if (!exp || exp.finished || this.phase !== 'ready') return;
    this.playing = false;
    exp.advance(1);
    this.dirty = true;
    void this.pollStats(true);
    this.host.requestUpdate();
  }

  /** Back to step 0, paused. */
  async reset(): Promise<void> {
    if (this.spec) await this.load(this.spec, { play: false });
  }

  /** Asks the views to draw again (selection or size changed). */
  requestDraw(): void {
    this.dirty = true;
  }

  /** Calls `fn` every frame that has something new to draw. */
  onFrame(fn: FrameListener): () => void {
    this.listeners.add(fn);
    this.dirty = true;
    return () => this.listeners.delete(fn);
  }

  /** Calls `fn` after each statistics poll. */
  onStats(fn: () => void): () => void {
    this.statsListeners.add(fn);
    return () => this.statsListeners.delete(fn);
  }

  // ------------------------------------------------------------ the loop

  private tick = (): void => {
    this.raf = requestAnimationFrame(this.tick);
    const exp = this.exp;
    if (!exp || this.phase !== 'ready') return;
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    const now = performance.now();
    let advanced = false;
    if (this.catchUp > exp.stepsDone) {
      exp.advance(Math.min(MAX_STEPS_PER_FRAME, this.catchUp - exp.stepsDone));
      advanced = true;
      if (exp.stepsDone >= this.catchUp) {
        this.catchUp = 0;
        this.playing = this.playAfterCatchUp && !exp.finished;
        void this.pollStats(true);
        this.host.requestUpdate();
      }
    } else if (this.playing) {
      const k = Math.min(
        this.stepsPerFrame,
        this.speedCap(exp.spec.steps),
        exp.spec.steps - exp.stepsDone,
      );
      if (k > 0) {
        exp.advance(k);
        advanced = true;
      }
    }
    if (advanced || this.dirty) {
      this.dirty = false;
      for (const fn of this.listeners) fn({ exp });
      if (this.mode === 'gpu' && this.gpu) this.waitForGpu(advanced);
    }
    // on the CPU the whole frame's work is done by now: time it all
    if (advanced && exp instanceof ReferenceExperiment) {
      this.adapt(performance.now() - now);
    }
    if (advanced) this.framesInWindow++;
    if (now - this.windowStart >= 500) {
      if (this.playing) {
        this.fps = (1000 * this.framesInWindow) / (now - this.windowStart);
        this.fpsSamples.push(this.fps);
        if (this.fpsSamples.length > 120) this.fpsSamples.shift();
      }
      this.windowStart = now;
      this.framesInWindow = 0;
    }
    if (this.playing && exp.finished) {
      this.playing = false;
      void this.pollStats(true);
      this.host.requestUpdate();
    } else if (
      this.playing &&
      now - this.lastPoll >= STATS_INTERVAL_MS[this.mode ?? 'gpu']
    ) {
      void this.pollStats();
    }
  };

  /**
   * Counts this frame's GPU work as in flight until it is done, and adapts
   * the steps per frame to the time between finished frames.
   */
  private waitForGpu(advanced: boolean): void {
    this.inFlight++;
    const gen = this.generation;
    this.gpu!.device.queue.onSubmittedWorkDone().then(
      () => {
        this.inFlight--;
        const now = performance.now();
        const interval = now - this.lastDone;
        this.lastDone = now;
        if (advanced && gen === this.generation && interval < 1000) {
          this.adapt(interval);
        }
      },
      () => {
        this.inFlight--;
      },
    );
  }

  /** The most steps per frame for the speed chosen, at 60 frames/s. */
  private speedCap(steps: number): number {
    const seconds = SPEEDS[this.speed];
    if (seconds === 0) return MAX_STEPS_PER_FRAME;
    return Math.max(1, Math.ceil(steps / (60 * seconds)));
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.host.requestUpdate();
  }

  /** Steps per frame so that a frame's work takes about the budget. */
  private adapt(ms: number): void {
    const ratio = Math.min(
      1.5,
      Math.max(0.5, FRAME_BUDGET_MS / Math.max(ms, 1)),
    );
    const k = Math.round(this.stepsPerFrame * ratio);
    const cap = this.spec
      ? this.speedCap(this.spec.steps)
      : MAX_STEPS_PER_FRAME;
    this.stepsPerFrame = Math.min(cap, MAX_STEPS_PER_FRAME, Math.max(1, k));
  }

  private cpuResults(exp: ReferenceExperiment): ExperimentResult {
    if (this.resultsStep !== exp.stepsDone || !this.results) {
      this.results = exp.results({ sharpness: false });
      this.resultsStep = exp.stepsDone;
    }
    return this.results;
  }

  /** Basin counts and quantiles now (full results on the CPU). */
  private async pollStats(force = false): Promise<void> {
    if (this.statsInFlight) {
      if (force) this.statsAgain = true;
      return;
    }
    const exp = this.exp;
    if (!exp) return;
    this.statsInFlight = true;
    this.lastPoll = performance.now();
    try {
      let stats: LiveStats;
      if (exp instanceof ReferenceExperiment) {
        if (exp.finished) await this.measureSharpness();
        const r = this.cpuResults(exp);
        stats = {
          step: exp.stepsDone,
          optimizers: r.optimizers.map((o) => ({
            id: o.id,
            label: o.label,
            basins: o.basins,
            other: o.other,
            diverged: o.diverged,
            quantiles: o.quantiles,
          })),
        };
      } else {
        stats = await exp.stats();
        if (exp.finished && exp === this.exp) await this.measureSharpness();
        else if (!this.render && exp === this.exp) await this.currentResults();
      }
      if (exp !== this.exp) return;
      this.stats = stats;
      for (const fn of this.statsListeners) fn();
      this.host.requestUpdate();
    } catch (e) {
      if (exp === this.exp && this.phase === 'ready') {
        this.error = `Reading statistics failed: ${
          e instanceof Error ? e.message : String(e)
        }`;
        this.host.requestUpdate();
      }
    } finally {
      this.statsInFlight = false;
      if (this.statsAgain) {
        this.statsAgain = false;
        void this.pollStats();
      }
    }
  }

  /**
   * Every run's results at the current step (read back from the GPU once
   * per step, then cached): for picking a run, exports and the end.
   */
  async currentResults(): Promise<ExperimentResult | null> {
    const exp = this.exp;
    if (!exp) return null;
    if (exp instanceof ReferenceExperiment) return this.cpuResults(exp);
    const step = exp.stepsDone;
    if (this.results && this.resultsStep === step) return this.results;
    if (this.resultsPromise) return this.resultsPromise;
    const p = exp.results({ sharpness: false }).then(
      (r) => {
        if (exp === this.exp) {
          this.results = r;
          this.resultsStep = step;
        }
        return r;
      },
      () => null,
    );
    this.resultsPromise = p;
    void p.finally(() => {
      if (this.resultsPromise === p) this.resultsPromise = null;
    });
    return p;
  }

  /**
   * Every run's results with the sharpness of its end point, at the step
   * reached (measured once per step, then cached; they serve as the full
   * results of that step too). Meant for a finished or paused experiment:
   * on the CPU it takes a while for thousands of runs.
   */
  async measureSharpness(): Promise<ExperimentResult | null> {
    const exp = this.exp;
    if (!exp) return null;
    const step = exp.stepsDone;
    if (this.sharp && this.sharpStep === step) return this.sharp;
    if (this.sharpPromise) return this.sharpPromise;
    const read =
      exp instanceof ReferenceExperiment
        ? Promise.resolve().then(() => exp.results({ sharpness: true }))
        : exp.results({ sharpness: true });
    const p = read.then(
      (r) => {
        if (exp !== this.exp) return null;
        // the runs may have moved on while the GPU measured
        if (exp.stepsDone !== step) return r;
        this.sharp = r;
        this.sharpStep = step;
        this.results = r;
        this.resultsStep = step;
        this.host.requestUpdate();
        return r;
      },
      (e: unknown) => {
        if (exp === this.exp && this.phase === 'ready') {
          this.error = `Measuring the sharpness failed: ${
            e instanceof Error ? e.message : String(e)
          }`;
          this.host.requestUpdate();
        }
        return null;
      },
    );
    this.sharpPromise = p;
    void p.finally(() => {
      if (this.sharpPromise === p) this.sharpPromise = null;
    });
    return p;
  }
}
