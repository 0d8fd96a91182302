/**
 * The Float64 reference of network training: the same initial weights,
 * mini-batches, optimizer updates and measures as the GPU kernels, in
 * double precision on the CPU. It is the oracle of the GPU tests and runs
 * small network specs without WebGPU.
 */
import type { SlotValues } from '../optimizers/optimizer';
import { scheduleFactor } from '../optimizers/schedules';
import { pcg4d } from '../util/random';
import { generateDataset, type Dataset } from './datasets';
import { initParams, Mlp, range } from './mlp';
import {
  laneMedians,
  medianOf,
  nearestRank,
  type LossQuantiles,
  type NetExperimentResult,
  type NetLaneResult,
} from './results';
import { netSharpness } from './sharpness';
import type { NetSam, ResolvedNetOptimizer, ResolvedNetworkSpec } from './spec';
import { mix32, NN_STREAM, shuffleIndex } from './streams';

/**
 * The training examples of step t (from 1) of network `run`: the whole
 * training set in order for full batches. With replacement, batchSize
 * indices, index b being word b mod 4 of the key (seed, run, t, batch +
 * floor(b / 4)), mixed (mix32), modulo the training set's size (a bias
 * below n / 2^32, negligible). By epochs, example b is position s mod n
 * of epoch floor(s / n)'s permutation (shuffleIndex), s = (t - 1) B + b:
 * every epoch visits each example once, and a batch straddles two epochs
 * when B does not divide n.
 */
export function batchIndices(
  seed: number,
  run: number,
  t: number,
  lane: Pick<ResolvedNetOptimizer, 'batchSize' | 'fullBatch'> &
    Partial<Pick<ResolvedNetOptimizer, 'sampling'>>,
  nTrain: number,
): number[] {
  if (lane.fullBatch) return range(0, nTrain);
  const out: number[] = [];
  const B = lane.batchSize;
  if (lane.sampling === 'epochs') {
    for (let b = 0; b < B; b++) {
      const s = (t - 1) * B + b;
      const epoch = Math.floor(s / nTrain);
      out.push(shuffleIndex(seed, run, epoch, s % nTrain, nTrain));
    }
    return out;
  }
  let words: number[] = [];
  for (let b = 0; b < B; b++) {
    if (b % 4 === 0) {
      words = pcg4d(seed, run, t, NN_STREAM.batch + Math.floor(b / 4));
    }
    out.push(mix32(words[b % 4]!) % nTrain);
  }
  return out;
}

/** One network in training. */
export interface NetworkState {
  w: Float64Array;
  /** Optimizer state of each parameter. */
  state: SlotValues[];
  /** The step whose update went non-finite, 0 while finite. */
  divergedAt: number;
  /** Mini-batch loss of the last step taken. */
  batchLoss: number;
}

/** Network `run` of a lane before its first step. */
export function initialNetwork(
  spec: ResolvedNetworkSpec,
  lane: ResolvedNetOptimizer,
  run: number,
): NetworkState {
  const w = Float64Array.from(initParams(spec.shape, spec.seed, run));
  const init = lane.def.initialState ?? {};
  const state = Array.from({ length: w.length }, () => {
    const s: SlotValues = {};
    for (const slot of lane.def.state) s[slot] = init[slot] ?? 0;
    return s;
  });
  return { w, state, divergedAt: 0, batchLoss: NaN };
}

/**
 * SAM's gradient (Foret et al. 2021; adaptive: Kwon et al. 2021): from
 * the gradient g at w of the objective on one mini-batch, the ascent
 * point w + e with e = rho T^2 g / (|T g| + 1e-12), T = 1 or |w_i| + eta,
 * and the gradient of the same mini-batch's objective there.
 */
export function samGradient(
  net: Mlp,
  w: Float64Array,
  g: Float64Array,
  data: Dataset,
  batch: readonly number[],
  sam: NetSam,
): Float64Array {
  const scale = (x: number) => (sam.adaptive ? Math.abs(x) + sam.eta : 1);
  let norm2 = 0;
  for (let i = 0; i < w.length; i++) norm2 += (scale(w[i]!) * g[i]!) ** 2;
  const k = sam.rho / (Math.sqrt(norm2) + 1e-12);
  const at = w.map((x, i) => x + k * scale(x) ** 2 * g[i]!);
  return net.lossGrad(at, data, batch).grad;
}

/**
 * Step t (from 1) of a network, as the training kernel takes it: the
 * mini-batch gradient plus l2 w (for a SAM lane, that of the same
 * mini-batch at SAM's ascent point), then the optimizer's update of
 * every coordinate; a new value that is not finite in float32 (as the
 * GPU stores it) is not written and stops the network at this step (its
 * optimizer state is, as on the GPU). The batch loss is the one at w.
 */
export function trainStep(
  spec: ResolvedNetworkSpec,
  lane: ResolvedNetOptimizer,
  net: Mlp,
  data: Dataset,
  run: number,
  n: NetworkState,
  t: number,
): void {
  if (n.divergedAt !== 0) return;
  const batch = batchIndices(spec.seed, run, t, lane, data.nTrain);
  const at = net.lossGrad(n.w, data, batch);
  const { dataLoss } = at;
  const grad = lane.sam
    ? samGradient(net, n.w, at.grad, data, batch, lane.sam)
    : at.grad;
  const lr = lane.hyper.lr! * scheduleFactor(lane.schedule, t, spec.steps);
  const c = lane.def.consts(lane.hyper, { t, lr });
  let finite = true;
  for (let i = 0; i < n.w.length; i++) {
    const next = lane.def.update(n.w[i]!, grad[i]!, n.state[i]!, c);
    if (Number.isFinite(Math.fround(next))) n.w[i] = next;
    else finite = false;
  }
  n.batchLoss = dataLoss;
  if (!finite) n.divergedAt = t;
}

function quantileSeries(
  steps: number[],
  levels: number[],
  losses: number[][],
): LossQuantiles {
  const live = losses.map((l) => l.length);
  const values = losses.map((l) => {
    const sorted = [...l].sort((a, b) => a - b);
    return levels.map((q) => (sorted.length ? nearestRank(sorted, q) : null));
  });
  return { steps, levels, live, values };
}

/** Runs a validated network spec on the CPU in Float64. */
export function runNetworkReference(
  spec: ResolvedNetworkSpec,
): NetExperimentResult {
  const data = generateDataset(spec.dataset);
  const net = new Mlp(spec.shape);
  const n = spec.dataset.n;
  const regression = data.task === 'regression';
  const lanes = spec.optimizers.map((lane): NetLaneResult => {
    const t0 = performance.now();
    const trainLoss = new Float64Array(spec.runs);
    const testLoss = new Float64Array(spec.runs);
    const trainAccuracy = new Float64Array(spec.runs);
    const testAccuracy = new Float64Array(spec.runs);
    const divergedAt = new Uint32Array(spec.runs);
    const trainAt: number[][] = spec.records.map(() => []);
    const testAt: number[][] = spec.records.map(() => []);
    const finals: Float64Array[] = [];
    for (let r = 0; r < spec.runs; r++) {
      const st = initialNetwork(spec, lane, r);
      let record = 0;
      for (let t = 0; t <= spec.steps; t++) {
        if (t > 0) trainStep(spec, lane, net, data, r, st, t);
        if (spec.records[record] !== t) continue;
        if (st.divergedAt === 0) {
          trainAt[record]!.push(net.evaluate(st.w, data, 0, data.nTrain).loss);
          testAt[record]!.push(net.evaluate(st.w, data, data.nTrain, n).loss);
        }
        record++;
      }
      const train = net.evaluate(st.w, data, 0, data.nTrain);
      const test = net.evaluate(st.w, data, data.nTrain, n);
      trainLoss[r] = train.loss;
      testLoss[r] = test.loss;
      trainAccuracy[r] = regression ? NaN : train.accuracy;
      testAccuracy[r] = regression ? NaN : test.accuracy;
      divergedAt[r] = st.divergedAt;
      finals.push(st.w);
    }
    const gap = testLoss.map((v, i) => v - trainLoss[i]!);
    let sharpness: NetLaneResult['sharpness'] = null;
    if (spec.sharpness) {
      const s = spec.sharpness;
      const lambdaMax = new Float64Array(spec.runs).fill(NaN);
      const trace = new Float64Array(spec.runs).fill(NaN);
      const epsSharpness = new Float64Array(spec.runs).fill(NaN);
      finals.forEach((w, r) => {
        if (divergedAt[r] !== 0) return;
        const m = netSharpness(net, w, data, data.nTrain, s, spec.seed, r);
        lambdaMax[r] = m.lambdaMax;
        trace[r] = m.trace;
        epsSharpness[r] = m.epsSharpness;
      });
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
    const seconds = (performance.now() - t0) / 1000;
    const perRun = {
      trainLoss,
      testLoss,
      trainAccuracy,
      testAccuracy,
      gap,
      divergedAt,
    };
    return {
      id: lane.def.id,
      label: lane.label,
      hyper: lane.hyper,
      schedule: lane.schedule,
      batchSize: lane.batchSize,
      runs: spec.runs,
      ...perRun,
      diverged: divergedAt.filter((d) => d !== 0).length,
      median: laneMedians(perRun),
      trainQuantiles: quantileSeries(spec.records, spec.quantiles, trainAt),
      testQuantiles: quantileSeries(spec.records, spec.quantiles, testAt),
      sharpness,
      seconds,
      networkStepsPerSecond:
        seconds > 0 ? (spec.runs * spec.steps) / seconds : 0,
    };
  });
  return {
    engine: 'reference',
    spec: spec.json,
    dataset: {
      kind: spec.dataset.kind,
      task: data.task,
      nTrain: data.nTrain,
      nTest: data.nTest,
    },
    parameters: net.size,
    lanes,
  };
}
