/**
 * The TensorFlow.js network peer of the benchmark against the Float64
 * reference of network training (src/nn/reference.ts): the suite's
 * networks, few of them, a few steps, on each backend the suite uses.
 */
import { describe, test } from 'vitest';
import { makeNetPeers } from '../../src/bench/net-peers';
import { releasePeers } from '../../src/bench/peers';
import { suiteParams, type NetPeerId } from '../../src/bench/suite';
import { WORKLOAD } from '../../src/bench/workload';
import { generateDataset } from '../../src/nn/datasets';
import { Mlp } from '../../src/nn/mlp';
import { initialNetwork, trainStep } from '../../src/nn/reference';
import { resolveNetworkSpec } from '../../src/nn/spec';
import { expectClose } from './harness';

const NETWORKS = 8;
const STEPS = 5;

describe('TensorFlow.js trains the same networks as Basins', () => {
  const spec = resolveNetworkSpec({
    ...suiteParams(WORKLOAD, { quick: true }).networks,
    runs: NETWORKS,
  });
  const lane = spec.optimizers[0]!;
  const net = new Mlp(spec.shape);
  const data = generateDataset(spec.dataset);
  const P = spec.parameters;
  const want: number[] = [];
  for (let r = 0; r < NETWORKS; r++) {
    const n = initialNetwork(spec, lane, r);
    for (let t = 1; t <= STEPS; t++) trainStep(spec, lane, net, data, r, n, t);
    want.push(...n.w);
  }

  test.each(['tfjs-webgpu-networks', 'tfjs-wasm-networks'] as NetPeerId[])(
    '%s: 8 networks, 5 steps, twice in a row, as the Float64 reference',
    async (id) => {
      const [peer] = makeNetPeers(spec, [id]);
      try {
        await peer!.setup();
        // The second run of a page is where a batched WebGPU submission
        // once went wrong: both must agree with the reference.
        for (const run of [1, 2]) {
          const { final } = await peer!.run(STEPS);
          // Parameters stay below 2 in magnitude, so float32 rounds each
          // by up to 1.2e-7 a step: 6e-7 in 5 steps. Adam normalises the
          // step, so a float32 gradient (rounded in another order) moves
          // it by about lr x its relative error, 1e-9. Measured: 6.7e-7
          // (WebGPU) and 6.2e-7 (WASM); 4e-6 leaves a margin of 6. A
          // gradient component within a few eps of zero at the first step
          // would move far more (docs/bench.md); none of these 840 is.
          expectClose(
            final,
            want,
            { atol: 4e-6, rtol: 0 },
            `${id} run ${run}`,
            (i) => `net ${Math.floor(i / P)} w${i % P}`,
          );
        }
      } finally {
        releasePeers();
      }
    },
  );
});
