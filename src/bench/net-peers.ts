/**
 * The peers of network training: TensorFlow.js training the suite's
 * networks as one batched computation (src/bench/net-batched.ts) on its
 * WebGPU and WebAssembly backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedNetworkSpec } from '../nn/spec';
import { BatchedNetworks, type NetPeerRun } from './net-batched';
import { useBackend, type Backend } from './peers';
import { NET_PEERS, type NetPeerId } from './suite';

/** A contender of network training other than Basins. */
export interface NetPeer {
  id: NetPeerId;
  label: string;
  /** Selects its backend; throws with the reason when it cannot run. */
  setup(): Promise<Record<string, string | number | boolean>>;
  /** Trains the spec's networks `steps` steps from their start. */
  run(steps: number): Promise<NetPeerRun>;
}

const BACKENDS: Record<NetPeerId, Backend> = {
  'tfjs-webgpu-networks': 'webgpu',
  'tfjs-wasm-networks': 'wasm',
};

/**
 * The network peers of a suite, in the order they run. The dataset,
 * initial parameters and mini-batch indices are made on the CPU once,
 * when a peer first runs, and shared.
 */
export function makeNetPeers(
  spec: ResolvedNetworkSpec,
  ids: readonly NetPeerId[],
): NetPeer[] {
  let networks: BatchedNetworks | null = null;
  const shared = () => (networks ??= new BatchedNetworks(spec));
  return ids.map((id) => ({
    id,
    label: NET_PEERS[id],
    setup: () => useBackend(BACKENDS[id]),
    run: (steps) =>
      BACKENDS[id] === 'webgpu'
        ? submitEachKernel(() => shared().train(steps))
        : shared().train(steps),
  }));
}

/**
 * Runs `f` with TensorFlow.js's WebGPU backend submitting each kernel as
 * it is encoded rather than 15 to a command buffer (its default). With
 * the default, this training returns NaN from its second run on in the
 * same page on SwiftShader (TensorFlow.js 4.22; the first run, and every
 * run with a wait after each step, are right); submitting each kernel is
 * right every time and about as fast there (4.1 s against 3.9 s for 5
 * steps of 256 networks).
 */
async function submitEachKernel<T>(f: () => Promise<T>): Promise<T> {
  const flag = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
  const before = tf.env().getNumber(flag);
  tf.env().set(flag, 1);
  try {
    return await f();
  } finally {
    tf.env().set(flag, before);
  }
}
