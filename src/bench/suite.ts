/**
 * The benchmark suite: its version, its parameters (the default suite and
 * the quick smoke suite), and the shape of the report it produces. Two
 * machines' reports compare when their suite version and parameters match.
 */
import { ENGINE_DEFAULTS, type EngineOptions } from '../engine/experiment';
import type { OptimizerSpec } from '../spec/spec';
import type { Figure, Ratio } from './stats';
import type { Parity, ParityTolerance, Workload } from './workload';

/** Bumped whenever a change makes figures incomparable with older ones. */
export const SUITE_VERSION = '1.3.0';

/** Every parameter of a suite run; all of it goes into the report. */
export interface SuiteParams {
  kind: 'default' | 'quick';
  /** Timed repetitions per figure, after a warm-up. */
  reps: number;
  /** Aim for the seconds of one timed repetition; work is sized to it. */
  targetSeconds: number;
  /** N of the scaling sweep, fused and one step per dispatch. */
  scalingRuns: number[];
  /** Largest N tried; larger ones of the sweep are left out. */
  maxRuns: number;
  /** Bounds on the timed steps of one Basins repetition. */
  basinsSteps: { min: number; max: number };
  /**
   * A fused repetition takes at least the steps of one full dispatch at
   * the engine's defaults (runSteps / N steps, at most maxSteps), so that
   * it loads and stores the runs as seldom as a long experiment does.
   */
  fusedDispatch: { runSteps: number; maxSteps: number };
  /** N at which the families are compared and shares are quoted. */
  comparisonRuns: number;
  /** One optimizer per family, at comparisonRuns. */
  families: OptimizerSpec[];
  /** N at which the peers run (each also a scaling N, for the ratio). */
  peerRuns: number[];
  /** Bounds on the steps of one peer repetition. */
  peerSteps: { min: number; max: number };
  /** Which peers run. */
  peers: PeerId[];
  /** Parity tolerance of float32 peers and of the Float64 loop. */
  parity: { float32: ParityTolerance; float64: ParityTolerance };
  /**
   * Network training: a network spec (see src/nn/spec.ts) trained to the
   * end in each repetition, without its sharpness measures.
   */
  networks: Record<string, unknown>;
  /**
   * The TensorFlow.js peers of network training: which run, the bounds
   * on the steps of one repetition, and the parity check (every
   * parameter of every network after `paritySteps` steps against Basins).
   */
  networkPeers: {
    peers: NetPeerId[];
    steps: { min: number; max: number };
    paritySteps: number;
    parity: ParityTolerance;
  };
  /** N of the engine frame-time figure, and the steps of one frame. */
  frameRuns: number[];
  stepsPerFrame: number;
  /** N of the time-to-first-result figure. */
  firstResultRuns: number;
  /** Invocations of the peak-FMA kernel. */
  fmaInvocations: number;
  /** Bytes of each of the copy kernel's two buffers (clamped to limits). */
  copyBytes: number;
  /** Longest single dispatch the peak kernels submit, in seconds. */
  maxDispatchSeconds: number;
  /** Engine options of the two paths ({} = the engine's defaults). */
  engine: { fused: EngineOptions; unfused: EngineOptions };
  /** The spec fields every Basins run shares. */
  workload: Workload;
}

/** The peers, each doing the workload its own way. */
export const PEERS = {
  'tfjs-webgpu-elementwise': 'TF.js WebGPU, element-wise',
  'tfjs-webgpu-train-adam': 'TF.js WebGPU, tf.train.adam',
  'tfjs-wasm-elementwise': 'TF.js WASM, element-wise',
  'tfjs-wasm-train-adam': 'TF.js WASM, tf.train.adam',
  'tfjs-cpu-elementwise': 'TF.js CPU, element-wise',
  'tfjs-cpu-train-adam': 'TF.js CPU, tf.train.adam',
  'js-float64': 'JavaScript Float64 loop',
} as const;

export type PeerId = keyof typeof PEERS;

/** The peers of network training: the same batched networks. */
export const NET_PEERS = {
  'tfjs-webgpu-networks': 'TF.js WebGPU, batched networks',
  'tfjs-wasm-networks': 'TF.js WASM, batched networks',
} as const;

export type NetPeerId = keyof typeof NET_PEERS;

const SCALING_RUNS = [4096, 16384, 65536, 262144, 1048576, 4194304];

/** Browser name and version from a user agent string. */
export function browserOf(ua: string): { name: string; version: string } {
  const forms: [RegExp, string][] = [
    [/Edg\/([\d.]+)/, 'Edge'],
    [/HeadlessChrome\/([\d.]+)/, 'HeadlessChrome'],
    [/Chrome\/([\d.]+)/, 'Chrome'],
    [/Firefox\/([\d.]+)/, 'Firefox'],
    [/Version\/([\d.]+).*Safari/, 'Safari'],
  ];
  for (const [re, name] of forms) {
    const m = re.exec(ua);
    if (m) return { name, version: m[1]! };
  }
  return { name: 'unknown', version: 'unknown' };
}

/** What a caller may change of a suite. */
export interface SuiteOverrides {
  quick?: boolean;
  maxRuns?: number;
  reps?: number;
}

/** The default suite, or the quick one, with overrides applied. */
export function suiteParams(
  workload: Workload,
  o: SuiteOverrides = {},
): SuiteParams {
  const quick = o.quick ?? false;
  const maxRuns = o.maxRuns ?? SCALING_RUNS[SCALING_RUNS.length - 1]!;
  if (!Number.isInteger(maxRuns) || maxRuns < 4096) {
    throw new RangeError(
      `--max-runs must be an integer >= 4096, got ${maxRuns}`,
    );
  }
  const reps = o.reps ?? (quick ? 3 : 5);
  if (!Number.isInteger(reps) || reps < 1 || reps > 100) {
    throw new RangeError(`--reps must be an integer in [1, 100], got ${reps}`);
  }
  const upTo = (ns: number[]) => ns.filter((n) => n <= maxRuns);
  const scalingRuns = upTo(quick ? SCALING_RUNS.slice(0, 4) : SCALING_RUNS);
  const largest = scalingRuns[scalingRuns.length - 1]!;
  const comparisonRuns = Math.min(262144, largest);
  const peerNs = quick ? [comparisonRuns] : upTo([16384, 262144]);
  const peerRuns = peerNs.length ? peerNs : [comparisonRuns];
  return {
    kind: quick ? 'quick' : 'default',
    reps,
    targetSeconds: quick ? 0.25 : 1,
    scalingRuns,
    maxRuns,
    basinsSteps: { min: 1, max: 2 ** 19 },
    fusedDispatch: {
      runSteps: ENGINE_DEFAULTS.maxRunStepsPerDispatch,
      maxSteps: ENGINE_DEFAULTS.maxStepsPerDispatch,
    },
    comparisonRuns,
    // learning rates that keep every run inside the box, so that no run
    // stops early and every run-step is work
    families: [
      { id: 'gd', hyper: { lr: 1e-4 } },
      { id: 'momentum', hyper: { lr: 1e-4, momentum: 0.9 } },
      { id: 'adam', hyper: { lr: workload.lr } },
      { id: 'newton', hyper: { lr: 1 } },
    ],
    peerRuns,
    peerSteps: { min: 2, max: 100 },
    peers: Object.keys(PEERS) as PeerId[],
    parity: {
      float32: { atol: 1e-4, rtol: 0 },
      float64: { atol: 1e-4, rtol: 0 },
    },
    networks: {
      version: 1,
      network: {
        dataset: { kind: 'spiral', n: 200, noise: 0.05 },
        widths: [2, 8, 8, 1],
        activation: 'tanh',
        loss: 'bce',
      },
      optimizers: [{ id: 'adam', hyper: { lr: 0.01 }, batchSize: 16 }],
      runs: 4096,
      steps: quick ? 100 : 500,
      seed: 5,
      record: { every: quick ? 100 : 500 },
      sharpness: false,
    },
    networkPeers: {
      peers: Object.keys(NET_PEERS) as NetPeerId[],
      steps: { min: 1, max: 100 },
      paritySteps: 5,
      parity: { atol: 1e-3, rtol: 0 },
    },
    frameRuns: upTo(quick ? [65536] : [65536, 1048576]),
    stepsPerFrame: 4,
    firstResultRuns: 65536,
    fmaInvocations: 1 << 18,
    copyBytes: (quick ? 64 : 256) * 2 ** 20,
    maxDispatchSeconds: 0.25,
    engine: { fused: {}, unfused: { maxStepsPerDispatch: 1 } },
    workload,
  };
}

/** One N of a Basins sweep. */
export interface ScalingPoint {
  runs: number;
  /** Timed steps per repetition (chosen by calibration). */
  steps: number;
  runStepsPerSecond?: Figure;
  /** Share of the measured peak (fused) or bandwidth (unfused). */
  share?: number;
  /** Why this N has no figure (device limit, memory). */
  error?: string;
}

/** One optimizer of the family sweep. */
export interface FamilyPoint {
  id: string;
  family: string;
  hyper: Record<string, number>;
  runs: number;
  steps: number;
  runStepsPerSecond?: Figure;
  /** Share of runs that left the box (they stop working when they do). */
  divergedFraction?: number;
  error?: string;
}

/** One peer at one N. */
export interface PeerPoint {
  id: PeerId;
  label: string;
  runs: number;
  steps: number;
  runStepsPerSecond?: Figure;
  /** Basins fused at the same N divided by this peer (times faster). */
  basinsOverPeer?: Ratio;
  parity?: Parity;
  /** Backend details (SIMD, threads) where the peer has them. */
  info?: Record<string, string | number | boolean>;
  error?: string;
}

/** One TensorFlow.js peer of network training. */
export interface NetPeerPoint {
  id: NetPeerId;
  label: string;
  runs: number;
  /** Timed steps per repetition (chosen by calibration). */
  steps: number;
  networkStepsPerSecond?: Figure;
  /** Basins' network-steps/s divided by this peer's (times faster). */
  basinsOverPeer?: Ratio;
  /** Every parameter of every network after `steps` steps, against
   * Basins' after as many. */
  parity?: Parity & { steps: number };
  /** Backend details (SIMD, threads) where the peer has them. */
  info?: Record<string, string | number | boolean>;
  error?: string;
}

/** A goal of the issue and whether this run reached it. */
export interface Target {
  name: string;
  goal: string;
  measured: number | null;
  pass: boolean;
}

/** Milliseconds of the phases from requestGpu to the first result. */
export interface FirstResultPhases {
  device: number;
  pipelines: number;
  firstDispatch: number;
  total: number;
}

/** The whole report: what the JSON file holds. */
export interface BenchReport {
  suite: { name: 'basins-bench'; version: string; params: SuiteParams };
  date: string;
  environment: {
    userAgent: string;
    /** From the user agent; the command line puts Playwright's here. */
    browser: { name: string; version: string; executable?: string };
    /** The machine's load averages (1, 5, 15 min) before and after the
     * suite, when the command line ran it: other work skews figures. */
    loadAverage?: { before: number[]; after: number[] };
    hardwareConcurrency: number;
    adapter: {
      vendor: string;
      architecture: string;
      description: string;
      isFallbackAdapter: boolean;
    };
    limits: Record<string, number>;
    features: string[];
    /** Runs per invocation of the fused kernel that the engine's 'auto'
     * chose on this adapter (4 on a CPU implementation, 1 on a GPU). */
    runsPerInvocation: number;
  };
  counts: {
    opsPerRunStep: number;
    opsBreakdown: Record<string, number>;
    opsRules: string;
    /** Hash of the kernel sources now, and of those the count was made on. */
    sourcesHash: string;
    countedSourcesHash: string;
    countIsCurrent: boolean;
    unfusedBytesPerRunStep: number;
    unfusedBytesBreakdown: Record<string, number>;
  };
  firstResult?: {
    runs: number;
    steps: number;
    /** The page's first: cold caches. */
    cold: FirstResultPhases;
    /** Repetitions with a new device each time, caches warm (ms). */
    warm: Record<keyof FirstResultPhases, Figure>;
  };
  peak: {
    fma?: {
      gflops: Figure;
      invocations: number;
      iterations: number;
      dispatches: number;
      flopPerRep: number;
    };
    copy?: {
      gbps: Figure;
      bufferBytes: number;
      dispatches: number;
      bytesPerRep: number;
    };
    errors: string[];
  };
  scaling: {
    fused: ScalingPoint[];
    unfused: ScalingPoint[];
    /** max / min - 1 of fused medians from N = 16,384 up. */
    fusedUnevenness: number | null;
  };
  families: FamilyPoint[];
  peers: PeerPoint[];
  frameTime: {
    note: string;
    points: {
      runs: number;
      stepsPerFrame: number;
      ms?: Figure;
      error?: string;
    }[];
  };
  /** Network-steps per second of the network-training workload. */
  networks?: {
    runs: number;
    steps: number;
    parameters: number;
    networkStepsPerSecond?: Figure;
    error?: string;
    /** TensorFlow.js training the same networks. */
    peers: NetPeerPoint[];
  };
  targets: Target[];
  notes: string[];
  seconds: number;
}
