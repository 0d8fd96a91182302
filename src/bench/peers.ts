/**
 * The peers: the same workload (Adam on Rosenbrock over N runs) done by
 * TensorFlow.js on its WebGPU, WebAssembly and CPU backends, written two
 * ways, and by a plain JavaScript Float64 loop. Each returns its seconds
 * (from the first step to the final positions in JavaScript) and the final
 * positions for the parity check.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; tf.train needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { PEERS, type PeerId } from './suite';
import {
  adamRosenbrockFloat64,
  adamStepConstants,
  type Workload,
} from './workload';

// The network is not needed: the .wasm files come from the same server.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

/** One timed run of a peer. */
export interface PeerRun {
  seconds: number;
  final: ArrayLike<number>;
}

/** A contender other than Basins. */
export interface Peer {
  id: PeerId;
  label: string;
  /** Selects its backend; throws with the reason when it cannot run. */
  setup(): Promise<Record<string, string | number | boolean>>;
  run(starts: Float32Array, steps: number): Promise<PeerRun>;
}

/** A TensorFlow.js backend a peer runs on. */
export type Backend = 'webgpu' | 'wasm' | 'cpu';

/** Selects a backend; its details (version, SIMD, threads) for the report. */
export async function useBackend(
  name: Backend,
): Promise<Record<string, string | number | boolean>> {
  if (!(await tf.setBackend(name))) {
    throw new Error(`TensorFlow.js could not start its ${name} backend`);
  }
  await tf.ready();
  const info: Record<string, string | number | boolean> = {
    backend: tf.getBackend(),
    tfjs: tf.version_core,
  };
  if (name === 'wasm') {
    info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    info.threads = Boolean(
      await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    );
  }
  return info;
}

/** Constants as float32 scalars, made once per run, as one would. */
function scalars(w: Workload) {
  const f = Math.fround;
  return {
    a: tf.scalar(w.a),
    b: tf.scalar(w.b),
    minus2: tf.scalar(-2),
    two: tf.scalar(2),
    four: tf.scalar(4),
    beta1: tf.scalar(w.beta1),
    beta2: tf.scalar(w.beta2),
    // 1 - beta in float32, as the kernel computes it from float32 beta
    oneMinusBeta1: tf.scalar(1 - f(w.beta1)),
    oneMinusBeta2: tf.scalar(1 - f(w.beta2)),
    lr: tf.scalar(w.lr),
    eps: tf.scalar(w.eps),
  };
}

/**
 * Adam written by hand with element-wise ops on the [N, 2] positions: the
 * gradient of Rosenbrock and the update in the kernel's order of
 * operations, one tf.tidy per step.
 */
async function elementwise(
  w: Workload,
  starts: Float32Array,
  steps: number,
): Promise<PeerRun> {
  const n = starts.length / 2;
  const c = scalars(w);
  const { step: stepSize, invSqrtBc2 } = adamStepConstants(w, steps);
  let p: tf.Tensor = tf.tensor2d(starts, [n, 2]);
  let m: tf.Tensor = tf.zeros([n, 2]);
  let v: tf.Tensor = tf.zeros([n, 2]);
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) {
    const next = tf.tidy(() => {
      const [x, y] = tf.split(p, 2, 1) as [tf.Tensor, tf.Tensor];
      const d = tf.sub(c.a, x);
      const e = tf.sub(y, tf.mul(x, x));
      const be = tf.mul(c.b, e);
      const gx = tf.sub(tf.mul(c.minus2, d), tf.mul(tf.mul(c.four, x), be));
      const gy = tf.mul(c.two, be);
      const g = tf.concat([gx, gy], 1);
      const m2 = tf.add(tf.mul(c.beta1, m), tf.mul(c.oneMinusBeta1, g));
      const v2 = tf.add(
        tf.mul(c.beta2, v),
        tf.mul(tf.mul(c.oneMinusBeta2, g), g),
      );
      const denom = tf.add(
        tf.mul(tf.sqrt(v2), tf.scalar(invSqrtBc2[k]!)),
        c.eps,
      );
      const step = tf.mul(tf.scalar(stepSize[k]!), tf.div(m2, denom));
      return [tf.sub(p, step), m2, v2] as const;
    });
    tf.dispose([p, m, v]);
    [p, m, v] = next;
  }
  const final = await p.data();
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([p, m, v, ...Object.values(c)]);
  return { seconds, final };
}

/**
 * Adam from tf.train: a [N, 2] variable and optimizer.minimize of the sum
 * of every run's loss (whose gradient is each run's own gradient).
 */
async function trainAdam(
  w: Workload,
  starts: Float32Array,
  steps: number,
): Promise<PeerRun> {
  const n = starts.length / 2;
  const a = tf.scalar(w.a);
  const b = tf.scalar(w.b);
  const p = tf.variable(tf.tensor2d(starts, [n, 2]));
  const opt = tf.train.adam(w.lr, w.beta1, w.beta2, w.eps);
  const loss = () => {
    const [x, y] = tf.split(p, 2, 1) as [tf.Tensor, tf.Tensor];
    const d = tf.sub(a, x);
    const e = tf.sub(y, tf.mul(x, x));
    return tf.sum(tf.add(tf.mul(d, d), tf.mul(tf.mul(b, e), e))) as tf.Scalar;
  };
  const t0 = performance.now();
  for (let k = 0; k < steps; k++) opt.minimize(loss, false, [p]);
  const final = await p.data();
  const seconds = (performance.now() - t0) / 1000;
  opt.dispose();
  tf.dispose([p, a, b]);
  return { seconds, final };
}

/** The peers of a suite, in the order they run. */
export function makePeers(w: Workload, ids: readonly PeerId[]): Peer[] {
  const tfPeer = (id: PeerId, backend: Backend, train: boolean): Peer => ({
    id,
    label: PEERS[id],
    setup: () => useBackend(backend),
    run: (starts, steps) => (train ? trainAdam : elementwise)(w, starts, steps),
  });
  const all: Record<PeerId, Peer> = {
    'tfjs-webgpu-elementwise': tfPeer(
      'tfjs-webgpu-elementwise',
      'webgpu',
      false,
    ),
    'tfjs-webgpu-train-adam': tfPeer('tfjs-webgpu-train-adam', 'webgpu', true),
    'tfjs-wasm-elementwise': tfPeer('tfjs-wasm-elementwise', 'wasm', false),
    'tfjs-wasm-train-adam': tfPeer('tfjs-wasm-train-adam', 'wasm', true),
    'tfjs-cpu-elementwise': tfPeer('tfjs-cpu-elementwise', 'cpu', false),
    'tfjs-cpu-train-adam': tfPeer('tfjs-cpu-train-adam', 'cpu', true),
    'js-float64': {
      id: 'js-float64',
      label: PEERS['js-float64'],
      setup: async () => ({ threads: 1 }),
      run: async (starts, steps) => {
        const t0 = performance.now();
        const final = adamRosenbrockFloat64(w, starts, steps);
        return { seconds: (performance.now() - t0) / 1000, final };
      },
    },
  };
  return ids.map((id) => all[id]);
}

/**
 * Frees every tensor and backend TensorFlow.js holds (its GPU device among
 * them); the backends start afresh when a later suite asks for them.
 */
export function releasePeers(): void {
  tf.engine().reset();
}
