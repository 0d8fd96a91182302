/**
 * The networks of a Basins network spec trained by TensorFlow.js as one
 * batched computation: per layer a weight tensor [runs, in, out] and a
 * bias [runs, 1, out], each network's mini-batch gathered with the
 * example indices Basins draws, batched matMul and tanh, binary
 * cross-entropy with logits, gradients by tf.grads of the sum over
 * networks of each network's objective (so that each network gets its
 * own gradient), and Adam written element-wise in the form of
 * shaders/optimizers/adam.wgsl. It uses tfjs-core alone, on whichever
 * backend is selected, so that it runs in Node (CPU) as in the page.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; tf.grads needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { scheduleFactor } from '../optimizers/schedules';
import { generateDataset, type Dataset } from '../nn/datasets';
import { initParams, layersOf, type Layer } from '../nn/mlp';
import { batchIndices } from '../nn/reference';
import type { ResolvedNetOptimizer, ResolvedNetworkSpec } from '../nn/spec';

/** One timed run of a network peer. */
export interface NetPeerRun {
  /** From the first step to the final parameters in JavaScript. */
  seconds: number;
  /** params[run * P + i] in Basins' layout (src/nn/mlp.ts). */
  final: Float32Array;
}

/**
 * Basins' flat parameters (params[run * P + i], W[j][k] at weights + j
 * nIn + k) as TensorFlow.js layer tensors: w[l][(run nIn + k) nOut + j]
 * and b[l][run nOut + j].
 */
export function toLayerArrays(
  layers: readonly Layer[],
  flat: Float32Array,
  runs: number,
): { w: Float32Array[]; b: Float32Array[] } {
  const P = flat.length / runs;
  const w = layers.map((L) => new Float32Array(runs * L.nIn * L.nOut));
  const b = layers.map((L) => new Float32Array(runs * L.nOut));
  for (let r = 0; r < runs; r++) {
    layers.forEach((L, l) => {
      for (let j = 0; j < L.nOut; j++) {
        b[l]![r * L.nOut + j] = flat[r * P + L.biases + j]!;
        for (let k = 0; k < L.nIn; k++) {
          w[l]![(r * L.nIn + k) * L.nOut + j] =
            flat[r * P + L.weights + j * L.nIn + k]!;
        }
      }
    });
  }
  return { w, b };
}

/** The inverse of toLayerArrays. */
export function fromLayerArrays(
  layers: readonly Layer[],
  w: readonly ArrayLike<number>[],
  b: readonly ArrayLike<number>[],
  runs: number,
): Float32Array {
  const last = layers[layers.length - 1]!;
  const P = last.biases + last.nOut;
  const flat = new Float32Array(runs * P);
  for (let r = 0; r < runs; r++) {
    layers.forEach((L, l) => {
      for (let j = 0; j < L.nOut; j++) {
        flat[r * P + L.biases + j] = b[l]![r * L.nOut + j]!;
        for (let k = 0; k < L.nIn; k++) {
          flat[r * P + L.weights + j * L.nIn + k] =
            w[l]![(r * L.nIn + k) * L.nOut + j]!;
        }
      }
    });
  }
  return flat;
}

/** Adam's constants of one step, as the training kernel gets them. */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  step: number;
  invSqrtBc2: number;
}

/**
 * The constants of steps 1 ... steps: the optimizer's own `consts` (in
 * Float64, as the engine computes them before writing them as float32)
 * with the scheduled learning rate of a spec of `total` steps. Only Adam
 * without weight decay is written here.
 */
export function adamSteps(
  lane: ResolvedNetOptimizer,
  steps: number,
  total: number,
): AdamStep[] {
  if (lane.def.id !== 'adam') {
    throw new Error(
      `the TensorFlow.js network peer writes Adam only, not ${lane.def.id}`,
    );
  }
  const out: AdamStep[] = [];
  for (let t = 1; t <= steps; t++) {
    const lr = lane.hyper.lr! * scheduleFactor(lane.schedule, t, total);
    const c = lane.def.consts(lane.hyper, { t, lr });
    if (c.wd) throw new Error('the network peer has no weight decay');
    out.push({
      lr: c.lr!,
      beta1: c.beta1!,
      beta2: c.beta2!,
      eps: c.eps!,
      step: c.step!,
      invSqrtBc2: c.inv_sqrt_bc2!,
    });
  }
  return out;
}

/**
 * The example indices of steps 1 ... steps of every network, as Basins
 * draws them: idx[((t - 1) runs + run) batch + b].
 */
export function stepIndices(
  spec: ResolvedNetworkSpec,
  lane: ResolvedNetOptimizer,
  nTrain: number,
  steps: number,
): Int32Array<ArrayBuffer> {
  const batch = lane.fullBatch ? nTrain : lane.batchSize;
  const out = new Int32Array(steps * spec.runs * batch);
  let at = 0;
  for (let t = 1; t <= steps; t++) {
    for (let r = 0; r < spec.runs; r++) {
      for (const i of batchIndices(spec.seed, r, t, lane, nTrain)) {
        out[at++] = i;
      }
    }
  }
  return out;
}

/**
 * The first lane of a network spec, ready to be trained by TensorFlow.js
 * on the current backend: the dataset, the initial parameters (Basins'
 * own, float32) and the mini-batch indices, made on the CPU once.
 */
export class BatchedNetworks {
  readonly spec: ResolvedNetworkSpec;
  readonly lane: ResolvedNetOptimizer;
  readonly layers: readonly Layer[];
  readonly dataset: Dataset;
  readonly batch: number;
  /** Initial parameters, params[run * P + i]. */
  readonly initial: Float32Array<ArrayBuffer>;
  private indices: Int32Array<ArrayBuffer> = new Int32Array(0);
  private indexSteps = 0;

  constructor(spec: ResolvedNetworkSpec) {
    if (spec.shape.activation !== 'tanh' || spec.shape.loss !== 'bce') {
      throw new Error(
        'the TensorFlow.js network peer trains tanh networks with ' +
          `cross-entropy, not ${spec.shape.activation} with ${spec.shape.loss}`,
      );
    }
    this.spec = spec;
    this.lane = spec.optimizers[0]!;
    adamSteps(this.lane, 1, spec.steps);
    this.layers = layersOf(spec.shape.widths);
    this.dataset = generateDataset(spec.dataset);
    this.batch = this.lane.fullBatch
      ? this.dataset.nTrain
      : this.lane.batchSize;
    const P = spec.parameters;
    this.initial = new Float32Array(spec.runs * P);
    for (let r = 0; r < spec.runs; r++) {
      initParams(
        spec.shape,
        spec.seed,
        r,
        this.initial.subarray(r * P, (r + 1) * P),
      );
    }
  }

  /** Indices of steps 1 ... steps, drawn once and kept. */
  private indicesFor(steps: number): Int32Array<ArrayBuffer> {
    if (steps > this.indexSteps) {
      this.indices = stepIndices(
        this.spec,
        this.lane,
        this.dataset.nTrain,
        steps,
      );
      this.indexSteps = steps;
    }
    return this.indices;
  }

  /**
   * Trains every network `steps` steps from the initial parameters.
   * Untimed: the tensors (parameters, moments, the training set, each
   * step's indices and constants) are made and used once, so that every
   * backend has them in its memory. Timed: the steps and the read-back
   * of the final parameters.
   */
  async train(steps: number): Promise<NetPeerRun> {
    const { spec, layers, dataset: d, batch: B } = this;
    const R = spec.runs;
    const per = R * B;
    const idx = this.indicesFor(steps);
    const consts = adamSteps(this.lane, steps, spec.steps);
    const f = Math.fround;
    const { w, b } = toLayerArrays(layers, this.initial, R);
    let params: tf.Tensor[] = layers.flatMap((L, l) => [
      tf.tensor3d(w[l]!, [R, L.nIn, L.nOut]),
      tf.tensor3d(b[l]!, [R, 1, L.nOut]),
    ]);
    let m: tf.Tensor[] = params.map((p) => tf.zerosLike(p));
    let v: tf.Tensor[] = params.map((p) => tf.zerosLike(p));
    const inputs = tf.tensor2d(d.inputs.subarray(0, 2 * d.nTrain), [
      d.nTrain,
      2,
    ]);
    const labels = tf.tensor1d(d.labels.subarray(0, d.nTrain));
    const stepIdx = Array.from({ length: steps }, (_, k) =>
      tf.tensor1d(idx.subarray(k * per, (k + 1) * per), 'int32'),
    );
    const c0 = consts[0]!;
    // 1 - beta in float32, as the kernel computes it from float32 beta
    const beta1 = tf.scalar(c0.beta1);
    const beta2 = tf.scalar(c0.beta2);
    const oneMinusBeta1 = tf.scalar(1 - f(c0.beta1));
    const oneMinusBeta2 = tf.scalar(1 - f(c0.beta2));
    const eps = tf.scalar(c0.eps);
    const stepSize = consts.map((c) => tf.scalar(c.step));
    const invSqrtBc2 = consts.map((c) => tf.scalar(c.invSqrtBc2));
    const l2 = spec.shape.l2;
    const halfL2 = tf.scalar(0.5 * l2);
    const made = [
      ...params,
      ...m,
      ...v,
      inputs,
      labels,
      ...stepIdx,
      beta1,
      beta2,
      oneMinusBeta1,
      oneMinusBeta2,
      eps,
      ...stepSize,
      ...invSqrtBc2,
      halfL2,
    ];
    await settle(made);

    // the objective summed over networks: each network's own gradient
    const objective =
      (x: tf.Tensor, y: tf.Tensor) =>
      (...ps: tf.Tensor[]): tf.Scalar => {
        let a = x;
        layers.forEach((_, l) => {
          const z = tf.add(tf.matMul(a, ps[2 * l]!), ps[2 * l + 1]!);
          a = l === layers.length - 1 ? z : tf.tanh(z);
        });
        const z = tf.reshape(a, [R, B]);
        // binary cross-entropy with logits, as src/nn/mlp.ts lossTerms
        const loss = tf.add(
          tf.sub(tf.relu(z), tf.mul(z, y)),
          tf.log1p(tf.exp(tf.neg(tf.abs(z)))),
        );
        let total: tf.Tensor = tf.sum(tf.mean(loss, 1));
        if (l2 > 0) {
          const squares = tf.addN(ps.map((p) => tf.sum(tf.square(p))));
          total = tf.add(total, tf.mul(halfL2, squares));
        }
        return total as tf.Scalar;
      };

    const t0 = performance.now();
    for (let k = 0; k < steps; k++) {
      const next = tf.tidy(() => {
        const x = tf.reshape(tf.gather(inputs, stepIdx[k]!), [R, B, 2]);
        const y = tf.reshape(tf.gather(labels, stepIdx[k]!), [R, B]);
        const grads = tf.grads(objective(x, y))(params);
        const out: tf.Tensor[][] = [[], [], []];
        params.forEach((p, i) => {
          const g = grads[i]!;
          // adam.wgsl's opt_update, operation by operation
          const m2 = tf.add(tf.mul(beta1, m[i]!), tf.mul(oneMinusBeta1, g));
          const v2 = tf.add(
            tf.mul(beta2, v[i]!),
            tf.mul(tf.mul(oneMinusBeta2, g), g),
          );
          const denom = tf.add(tf.mul(tf.sqrt(v2), invSqrtBc2[k]!), eps);
          out[0]!.push(tf.sub(p, tf.mul(stepSize[k]!, tf.div(m2, denom))));
          out[1]!.push(m2);
          out[2]!.push(v2);
        });
        return out;
      });
      tf.dispose([...params, ...m, ...v]);
      [params, m, v] = next as [tf.Tensor[], tf.Tensor[], tf.Tensor[]];
    }
    const data = await Promise.all(params.map((p) => p.data<'float32'>()));
    const seconds = (performance.now() - t0) / 1000;

    tf.dispose([...params, ...m, ...v, ...made.slice(3 * params.length)]);
    const final = fromLayerArrays(
      layers,
      data.filter((_, i) => i % 2 === 0),
      data.filter((_, i) => i % 2 === 1),
      R,
    );
    return { seconds, final };
  }
}

/**
 * Makes the backend hold every tensor (the WebGPU backend uploads a
 * tensor at its first use) and waits for it: one sum per tensor.
 */
async function settle(tensors: readonly tf.Tensor[]): Promise<void> {
  const probe = tf.tidy(() =>
    tf.addN(tensors.map((t) => tf.sum(tf.cast(t, 'float32')))),
  );
  await probe.data();
  probe.dispose();
}
