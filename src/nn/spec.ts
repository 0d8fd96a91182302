/**
 * The spec of a network experiment: a dataset, a network shape, optimizer
 * lanes (each with its own batch size), and the runs, steps and seed. It
 * is plain JSON with a `network` key, validated like the 2D spec: every
 * problem is reported with the path of its field and what is allowed.
 *
 * ```json
 * { "version": 1,
 *   "network": { "dataset": { "kind": "xor", "n": 200 },
 *                "widths": [2, 8, 8, 1], "activation": "tanh",
 *                "loss": "bce", "l2": 0 },
 *   "optimizers": [{ "id": "adam", "hyper": { "lr": 0.01 },
 *                    "batchSize": 16 }],
 *   "runs": 4096, "steps": 1000, "seed": 1, "record": { "every": 50 } }
 * ```
 */
import { OPTIMIZERS, findOptimizer } from '../optimizers';
import type { CoordinateOptimizer } from '../optimizers/optimizer';
import type { ScheduleSpec } from '../optimizers/schedules';
import { findOracle } from '../oracles';
import type { Oracle } from '../oracles/oracle';
import { plain } from '../oracles/plain';
import { asam, sam } from '../oracles/sam';
import type { ParamSpecs } from '../spec/params';
import { SPEC_VERSION, recordSteps } from '../spec/spec';
import { SpecError } from '../util/errors';
import { Checker, describe, isObj } from '../spec/checker';
import { checkOptimizerEntries, type OptimizerEntry } from '../spec/entries';
import {
  DATASET_KINDS,
  DATASETS,
  trainCount,
  type DatasetKind,
  type DatasetSpec,
} from './datasets';
import {
  MAX_LAYERS,
  MAX_WIDTH,
  parameterCount,
  type Activation,
  type LossKind,
  type NetworkShape,
} from './mlp';

export { recordSteps };

/** Hard limits of network experiments. */
export const NET_LIMITS = {
  maxRuns: 1_048_576,
  maxSteps: 1_000_000,
  maxOptimizers: 16,
  maxPoints: 65_536,
  maxQuantiles: 8,
} as const;

/**
 * How a lane draws its mini-batches: `replacement`, each example of a
 * step independently; `epochs`, a fresh permutation of the training set
 * per epoch, walked batch after batch (random reshuffling).
 */
export type NetSampling = 'replacement' | 'epochs';

/** The sampling modes, the default first. */
export const NET_SAMPLINGS: readonly NetSampling[] = ['replacement', 'epochs'];

/** One optimizer lane as a user writes it. */
export interface NetOptimizerSpec {
  id: string;
  hyper?: Record<string, number>;
  schedule?: ScheduleSpec;
  /** Examples per step, drawn with replacement; 'full' (or the training
   * set's size) takes the whole training set, in order, at every step. */
  batchSize?: number | 'full';
  /** How mini-batches are drawn (default 'replacement'); full-batch
   * lanes ignore it. */
  sampling?: NetSampling;
  /** SAM or adaptive SAM, as for 2D landscapes:
   * `{ "id": "sam", "hyper": { "rho": 0.05 } }`; the plain mini-batch
   * gradient when absent. */
  gradient?: { id: string; hyper?: Record<string, number> };
  label?: string;
}

/**
 * The ascent step of a SAM lane (Foret et al. 2021; adaptive: Kwon et
 * al. 2021): each step takes the mini-batch gradient g at w, moves to
 * w + e with e = rho T^2 g / (|T g| + 1e-12), T = 1 for SAM and
 * |w_i| + eta per coordinate for adaptive SAM, and applies the
 * optimizer at w with the same mini-batch's gradient there.
 */
export interface NetSam {
  /** Radius of the neighbourhood. */
  rho: number;
  /** Whether the ball is scaled by |w_i| + eta (adaptive SAM). */
  adaptive: boolean;
  /** Adaptive SAM's offset of the scale; 0 for SAM. */
  eta: number;
}

/** Settings of the sharpness measures of the final networks. */
export interface NetSharpnessSettings {
  /** Power-iteration steps for the top Hessian eigenvalue. */
  powerIterations: number;
  /** Rademacher probes of Hutchinson's trace estimator. */
  probes: number;
  /** Half-width of the epsilon-sharpness box per unit of |w_i| + 1. */
  epsilon: number;
  /** Projected sign-ascent steps of the epsilon-sharpness search. */
  ascentSteps: number;
}

/** A network experiment as a user writes it. */
export interface NetworkSpec {
  version?: number;
  network: {
    dataset: Partial<DatasetSpec> & { kind: DatasetKind };
    widths?: number[];
    activation?: Activation;
    loss?: LossKind;
    l2?: number;
  };
  optimizers: NetOptimizerSpec[];
  /** Networks per optimizer; network r of every lane starts alike. */
  runs: number;
  steps: number;
  /** Keys initial weights and mini-batches (and the dataset by default). */
  seed?: number;
  record?: { every?: number; quantiles?: number[] };
  /** Sharpness measures of the final networks, or false to skip them. */
  sharpness?: Partial<NetSharpnessSettings> | false;
}

/** An optimizer lane after validation. */
export interface ResolvedNetOptimizer extends OptimizerEntry<CoordinateOptimizer> {
  label: string;
  /** Examples per step, at most the training set's size. */
  batchSize: number;
  /** Whether every step takes the whole training set in order. */
  fullBatch: boolean;
  /** How mini-batches are drawn (unused by full-batch lanes). */
  sampling: NetSampling;
  /** The ascent step of SAM, null for the plain mini-batch gradient. */
  sam: NetSam | null;
}

/** A validated network experiment with every default filled in. */
export interface ResolvedNetworkSpec {
  /** The spec as JSON with defaults filled in, ready to share. */
  json: NetworkSpec;
  dataset: DatasetSpec;
  shape: NetworkShape;
  /** Parameters per network. */
  parameters: number;
  optimizers: ResolvedNetOptimizer[];
  runs: number;
  steps: number;
  seed: number;
  recordEvery: number;
  /** Steps at which losses are recorded: 0, every, ..., steps. */
  records: number[];
  quantiles: number[];
  sharpness: NetSharpnessSettings | null;
}

/** The dataset's settings, with ranges and defaults. */
export const DATASET_PARAMS: ParamSpecs = {
  n: {
    label: 'points',
    doc: 'Points in all, training and test.',
    default: 200,
    min: 4,
    max: NET_LIMITS.maxPoints,
    scale: 'log',
    integer: true,
  },
  noise: {
    label: 'input noise',
    doc: 'Standard deviation of the Gaussian noise added to each input.',
    default: 0,
    min: 0,
    max: 1,
    scale: 'linear',
  },
  labelNoise: {
    label: 'label noise',
    doc:
      'Share of training labels flipped (regression: standard deviation ' +
      'of the target noise).',
    default: 0,
    min: 0,
    max: 0.5,
    scale: 'linear',
  },
  testFraction: {
    label: 'test share',
    doc: 'Share of the points held out as the test set.',
    default: 0.5,
    min: 0,
    max: 0.9,
    scale: 'linear',
  },
  seed: {
    label: 'dataset seed',
    doc: 'Keys the points; the experiment seed by default.',
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
    scale: 'linear',
    integer: true,
  },
};

/** The sharpness settings, with ranges and defaults. */
export const NET_SHARPNESS_PARAMS: ParamSpecs = {
  powerIterations: {
    label: 'power iterations',
    doc: 'Hessian-vector products of the power iteration for lambda_max.',
    default: 20,
    min: 1,
    max: 500,
    scale: 'log',
    integer: true,
  },
  probes: {
    label: 'trace probes',
    doc: "Rademacher probes of Hutchinson's trace estimator.",
    default: 8,
    min: 1,
    max: 500,
    scale: 'log',
    integer: true,
  },
  epsilon: {
    label: 'epsilon',
    doc: 'Half-width of the epsilon-sharpness box, per unit of |w_i| + 1.',
    default: 1e-3,
    min: 0,
    max: 1,
    minInclusive: false,
    scale: 'log',
  },
  ascentSteps: {
    label: 'ascent steps',
    doc: 'Projected sign-ascent steps of the epsilon-sharpness search.',
    default: 5,
    min: 0,
    max: 64,
    scale: 'linear',
    integer: true,
  },
};

const L2_PARAM = {
  label: 'L2',
  doc: 'Coefficient of the penalty 0.5 l2 |w|^2.',
  default: 0,
  min: 0,
  max: 10,
  scale: 'log',
} as const;

function checkWidths(c: Checker, v: unknown): number[] {
  const fallback = [2, 8, 8, 1];
  if (v === undefined) return fallback;
  const ok =
    Array.isArray(v) &&
    v.length >= 2 &&
    v.length <= MAX_LAYERS + 1 &&
    v.every(
      (n) =>
        typeof n === 'number' &&
        Number.isInteger(n) &&
        n >= 1 &&
        n <= MAX_WIDTH,
    );
  if (!ok) {
    c.fail(
      'network.widths',
      `must be 2 to ${MAX_LAYERS + 1} integers in [1, ${MAX_WIDTH}], ` +
        `from input to output, e.g. [2, 8, 8, 1]`,
    );
    return fallback;
  }
  const w = v as number[];
  if (w[0] !== 2) {
    c.fail('network.widths[0]', `must be 2 (the inputs), got ${w[0]}`);
  }
  if (w[w.length - 1] !== 1) {
    c.fail(
      `network.widths[${w.length - 1}]`,
      `must be 1 (one logit or one prediction), got ${w[w.length - 1]}`,
    );
  }
  return w;
}

/** The gradient oracles networks take: the plain mini-batch gradient,
 * SAM and adaptive SAM (their ascent step is over the same mini-batch). */
export const NET_ORACLES: readonly Oracle[] = [plain, sam, asam];

function checkOptimizers(
  c: Checker,
  v: unknown,
  nTrain: number,
): ResolvedNetOptimizer[] {
  const coordinate = OPTIMIZERS.filter((o) => o.kind === 'coordinate');
  const ids = coordinate.map((x) => x.id).join(', ');
  const oracles = NET_ORACLES.map((x) => x.id).join(', ');
  return checkOptimizerEntries(c, v, {
    max: NET_LIMITS.maxOptimizers,
    fields: ['batchSize', 'sampling'],
    optimizer: (id) => {
      const def = typeof id === 'string' ? findOptimizer(id) : undefined;
      if (!def) return `unknown optimizer ${describe(id)}; one of ${ids}`;
      if (def.kind !== 'coordinate') {
        return (
          `${def.id} needs the whole 2x2 Hessian and runs on 2D landscapes ` +
          `only; networks take the per-coordinate optimizers: ${ids}`
        );
      }
      return def;
    },
    oracle: (id) => {
      const found = NET_ORACLES.find((o) => o.id === id);
      if (found) return found;
      if (typeof id === 'string' && findOracle(id)) {
        return (
          `${id} runs on 2D landscapes only; networks take the ` +
          `gradients ${oracles}`
        );
      }
      return `unknown gradient ${describe(id)}; networks take ${oracles}`;
    },
    lane: (entry, o, path) => {
      let batchSize = Math.min(32, nTrain);
      if (o.batchSize === 'full') batchSize = nTrain;
      else if (o.batchSize !== undefined) {
        batchSize = c.integer(
          o.batchSize,
          `${path}.batchSize`,
          1,
          nTrain,
          batchSize,
        );
        if (typeof o.batchSize === 'number' && o.batchSize > nTrain) {
          c.issues[c.issues.length - 1]!.message +=
            ` (the training set has ${nTrain} points; use "full")`;
        }
      }
      const sampling = c.oneOf(
        o.sampling,
        `${path}.sampling`,
        NET_SAMPLINGS,
        'replacement',
      );
      const fullBatch = batchSize === nTrain;
      const sam = samOf(entry);
      const label =
        entry.def.name +
        (sam ? ` + ${entry.oracle.name} ρ=${sam.rho}` : '') +
        `, B=${fullBatch ? 'full' : batchSize}` +
        (sampling === 'epochs' && !fullBatch ? ', epochs' : '');
      return {
        ...entry,
        label,
        batchSize,
        fullBatch,
        sampling,
        sam,
      };
    },
  });
}

/** The ascent of a SAM lane, or null for the plain gradient. */
function samOf(e: OptimizerEntry<CoordinateOptimizer>): NetSam | null {
  if (e.oracle === plain) return null;
  const k = e.oracle.consts(e.oracleHyper, { t: 1, lr: 0 });
  return { rho: k.rho!, adaptive: k.adaptive! > 0.5, eta: k.eta! };
}

/** Whether a parsed spec is a network experiment (has a `network` key). */
export function isNetworkSpec(input: unknown): boolean {
  return isObj(input) && 'network' in input;
}

/**
 * Validates a network spec and fills in every default. Throws a SpecError
 * listing each problem with the path of the field and what is allowed.
 */
export function resolveNetworkSpec(input: unknown): ResolvedNetworkSpec {
  const c = new Checker();
  const top = c.object(input, 'spec', [
    'version',
    'network',
    'optimizers',
    'runs',
    'steps',
    'seed',
    'record',
    'sharpness',
  ]);
  if (!top) throw new SpecError(c.issues);
  if (top.version !== undefined && top.version !== SPEC_VERSION) {
    c.fail('version', `must be ${SPEC_VERSION}, got ${describe(top.version)}`);
  }
  const seed =
    top.seed === undefined ? 1 : c.integer(top.seed, 'seed', 0, 2 ** 32 - 1, 1);

  // the network
  const net =
    c.object(top.network, 'network', [
      'dataset',
      'widths',
      'activation',
      'loss',
      'l2',
    ]) ?? {};
  const ds =
    c.object(net.dataset, 'network.dataset', [
      'kind',
      ...Object.keys(DATASET_PARAMS),
    ]) ?? {};
  const kind = c.oneOf(
    ds.kind,
    'network.dataset.kind',
    DATASET_KINDS,
    'circle',
  );
  if (ds.kind === undefined) {
    c.fail(
      'network.dataset.kind',
      `must be one of ${DATASET_KINDS.join(', ')}`,
    );
  }
  const dv = c.paramsOf(ds, 'network.dataset', DATASET_PARAMS, { seed });
  const dataset: DatasetSpec = {
    kind,
    n: dv.n!,
    noise: dv.noise!,
    labelNoise: dv.labelNoise!,
    testFraction: dv.testFraction!,
    seed: dv.seed!,
  };
  const nTrain = trainCount(dataset.n, dataset.testFraction);
  if (nTrain < 1) {
    c.fail('network.dataset.testFraction', 'leaves no training point');
  }
  const task = DATASETS[kind].task;
  const widths = checkWidths(c, net.widths);
  const activation = c.oneOf<Activation>(
    net.activation,
    'network.activation',
    ['tanh', 'relu'],
    'tanh',
  );
  const loss = c.oneOf<LossKind>(
    net.loss,
    'network.loss',
    ['bce', 'mse'],
    task === 'regression' ? 'mse' : 'bce',
  );
  if (loss === 'bce' && task === 'regression') {
    c.fail(
      'network.loss',
      `bce needs class labels; the ${kind} dataset is a regression: use mse`,
    );
  }
  const l2 = c.paramsOf(net, 'network', { l2: L2_PARAM }).l2!;

  const optimizers = checkOptimizers(c, top.optimizers, Math.max(1, nTrain));
  const runs = c.integer(top.runs, 'runs', 1, NET_LIMITS.maxRuns, 1);
  const steps = c.integer(top.steps, 'steps', 1, NET_LIMITS.maxSteps, 1);

  const rec =
    top.record === undefined
      ? {}
      : (c.object(top.record, 'record', ['every', 'quantiles']) ?? {});
  const recordEvery =
    rec.every === undefined
      ? Math.max(1, Math.ceil(steps / 20))
      : c.integer(rec.every, 'record.every', 1, steps, 1);
  let quantiles = [0.1, 0.5, 0.9];
  if (rec.quantiles !== undefined) {
    const q = rec.quantiles;
    if (
      !Array.isArray(q) ||
      q.length === 0 ||
      q.length > NET_LIMITS.maxQuantiles ||
      !q.every((x) => typeof x === 'number' && x >= 0 && x <= 1)
    ) {
      c.fail(
        'record.quantiles',
        `must be 1 to ${NET_LIMITS.maxQuantiles} numbers in [0, 1]`,
      );
    } else quantiles = q as number[];
  }

  let sharpness: NetSharpnessSettings | null = null;
  if (top.sharpness !== false) {
    const so =
      top.sharpness === undefined
        ? {}
        : (c.object(
            top.sharpness,
            'sharpness',
            Object.keys(NET_SHARPNESS_PARAMS),
          ) ?? {});
    sharpness = c.paramsOf(
      so,
      'sharpness',
      NET_SHARPNESS_PARAMS,
    ) as unknown as NetSharpnessSettings;
  }

  if (c.issues.length > 0) throw new SpecError(c.issues);

  const shape: NetworkShape = { widths, activation, loss, l2 };
  const json: NetworkSpec = {
    version: SPEC_VERSION,
    network: { dataset, widths, activation, loss, l2 },
    optimizers: optimizers.map((o) => ({
      id: o.def.id,
      hyper: o.hyper,
      schedule: o.schedule,
      batchSize: o.fullBatch ? 'full' : o.batchSize,
      ...(o.sampling === 'epochs' ? { sampling: o.sampling } : {}),
      ...(o.oracle === plain
        ? {}
        : { gradient: { id: o.oracle.id, hyper: o.oracleHyper } }),
      label: o.label,
    })),
    runs,
    steps,
    seed,
    record: { every: recordEvery, quantiles },
    sharpness: sharpness ?? false,
  };
  return {
    json,
    dataset,
    shape,
    parameters: parameterCount(widths),
    optimizers,
    runs,
    steps,
    seed,
    recordEvery,
    records: recordSteps(steps, recordEvery),
    quantiles,
    sharpness,
  };
}
