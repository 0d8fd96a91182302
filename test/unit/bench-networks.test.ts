/**
 * The TensorFlow.js network peer's parts that run in Node: the parameter
 * layout, the mini-batch indices and Adam's constants, and a few steps on
 * TensorFlow.js's CPU backend against the Float64 reference; and the
 * table and exit status with network peers in the report.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { formatReport, parityFailures } from '../../src/bench/format';
import {
  adamSteps,
  BatchedNetworks,
  fromLayerArrays,
  stepIndices,
  toLayerArrays,
} from '../../src/bench/net-batched';
import { figure } from '../../src/bench/stats';
import {
  NET_PEERS,
  suiteParams,
  type BenchReport,
} from '../../src/bench/suite';
import { checkParity, WORKLOAD } from '../../src/bench/workload';
import { generateDataset } from '../../src/nn/datasets';
import { layersOf, Mlp } from '../../src/nn/mlp';
import {
  batchIndices,
  initialNetwork,
  trainStep,
} from '../../src/nn/reference';
import { resolveNetworkSpec } from '../../src/nn/spec';

const suiteSpec = (runs: number) =>
  resolveNetworkSpec({
    ...suiteParams(WORKLOAD, { quick: true }).networks,
    runs,
  });

describe('the batched layout', () => {
  test('W[j][k] of network r is w[(r nIn + k) nOut + j], and back', () => {
    const layers = layersOf([2, 3, 1]);
    const P = 13;
    const flat = Float32Array.from({ length: 2 * P }, (_, i) => i);
    const { w, b } = toLayerArrays(layers, flat, 2);
    // network 1, layer 0: W[2][1] at P + 2 * 2 + 1, bias b[2] at P + 8
    expect(w[0]![(1 * 2 + 1) * 3 + 2]).toBe(P + 5);
    expect(b[0]![1 * 3 + 2]).toBe(P + 8);
    // layer 1 starts at 9: W[0][2] at 11, its bias at 12
    expect(w[1]![(1 * 3 + 2) * 1 + 0]).toBe(P + 11);
    expect(b[1]![1]).toBe(P + 12);
    expect(fromLayerArrays(layers, w, b, 2)).toEqual(flat);
  });
});

describe("Basins' mini-batches and constants", () => {
  const spec = suiteSpec(3);
  const lane = spec.optimizers[0]!;

  test('the indices are batchIndices, step by step, network by network', () => {
    const idx = stepIndices(spec, lane, 100, 2);
    expect(idx.length).toBe(2 * 3 * 16);
    expect(Array.from(idx.subarray(0, 16))).toEqual(
      batchIndices(spec.seed, 0, 1, lane, 100),
    );
    expect(Array.from(idx.subarray(5 * 16))).toEqual(
      batchIndices(spec.seed, 2, 2, lane, 100),
    );
  });

  test("Adam's constants are the optimizer's own", () => {
    const [first, second] = adamSteps(lane, 2, spec.steps);
    expect(first).toEqual({
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      step: 0.01 / (1 - 0.9),
      invSqrtBc2: 1 / Math.sqrt(1 - 0.999),
    });
    expect(second!.invSqrtBc2).toBeCloseTo(1 / Math.sqrt(1 - 0.999 ** 2), 12);
  });

  test('another optimizer is refused', () => {
    const sgd = resolveNetworkSpec({
      ...spec.json,
      optimizers: [{ id: 'gd', batchSize: 16 }],
    });
    expect(() => new BatchedNetworks(sgd)).toThrow(/Adam only, not gd/);
  });
});

describe('TensorFlow.js on its CPU backend', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('5 steps of 8 networks agree with the Float64 reference', async () => {
    const spec = suiteSpec(8);
    const lane = spec.optimizers[0]!;
    const { final } = await new BatchedNetworks(spec).train(5);
    const net = new Mlp(spec.shape);
    const data = generateDataset(spec.dataset);
    let worst = 0;
    for (let r = 0; r < 8; r++) {
      const n = initialNetwork(spec, lane, r);
      for (let t = 1; t <= 5; t++) trainStep(spec, lane, net, data, r, n, t);
      n.w.forEach((x, i) => {
        worst = Math.max(worst, Math.abs(final[r * spec.parameters + i]! - x));
      });
    }
    // float32 rounding of parameters below 2, 1.2e-7 a step, 5 steps;
    // measured 6e-7 (the GPU test derives it)
    expect(worst).toBeLessThan(4e-6);
    expect(worst).toBeGreaterThan(0);
  });
});

describe('the report with network peers', () => {
  const params = suiteParams(WORKLOAD, { quick: true });
  const rate = (x: number) => figure([x, 1.1 * x, 0.9 * x], 'network-steps/s');
  const tol = params.networkPeers.parity;
  const report = (diff: number): BenchReport => ({
    suite: { name: 'basins-bench', version: '1.3.0', params },
    date: '2025-01-01T00:00:00.000Z',
    environment: {
      userAgent: 'test',
      browser: { name: 'chromium', version: '1' },
      hardwareConcurrency: 2,
      adapter: {
        vendor: 'google',
        architecture: 'swiftshader',
        description: '',
        isFallbackAdapter: true,
      },
      limits: {},
      features: [],
      runsPerInvocation: 4,
    },
    counts: {
      opsPerRunStep: 57,
      opsBreakdown: {},
      opsRules: '',
      sourcesHash: 'x',
      countedSourcesHash: 'x',
      countIsCurrent: true,
      unfusedBytesPerRunStep: 84,
      unfusedBytesBreakdown: {},
    },
    peak: { errors: [] },
    scaling: { fused: [], unfused: [], fusedUnevenness: null },
    families: [],
    peers: [],
    networks: {
      runs: 4096,
      steps: 100,
      parameters: 105,
      networkStepsPerSecond: rate(5e5),
      peers: [
        {
          id: 'tfjs-webgpu-networks',
          label: NET_PEERS['tfjs-webgpu-networks'],
          runs: 4096,
          steps: 1,
          networkStepsPerSecond: rate(250),
          basinsOverPeer: { median: 2000, min: 1600, max: 2400 },
          parity: { steps: 5, ...checkParity([diff], [0], tol) },
        },
        {
          id: 'tfjs-wasm-networks',
          label: NET_PEERS['tfjs-wasm-networks'],
          runs: 4096,
          steps: 0,
          error: 'no WebAssembly\nmore',
        },
      ],
    },
    frameTime: { note: 'n', points: [] },
    targets: [],
    notes: [],
    seconds: 1,
  });

  test('the table has a row per peer with its ratio and parity', () => {
    const text = formatReport(report(1.2e-4));
    expect(text).toMatch(/Basins\s+100\s+500 k \[450 k-550 k\]\s+1x/);
    expect(text).toMatch(
      /TF\.js WebGPU, batched networks\s+1\s+250 \[225-275\]\s+2000x \[1600-2400\]\s+pass 1\.2e-4 <= 0\.001 \(5 steps\)/,
    );
    expect(text).toContain('error: no WebAssembly');
    expect(text).not.toContain('PARITY FAILED');
    expect(parityFailures(report(1.2e-4))).toEqual([]);
  });

  test('a failed network parity is loud and fails the run', () => {
    const r = report(0.02);
    expect(parityFailures(r)).toEqual([
      'TF.js WebGPU, batched networks (4096 networks)',
    ]);
    expect(formatReport(r)).toMatch(
      /FAIL 2\.0e-2 <= 0\.001 \(1 off\) \(5 steps\)[\s\S]*PARITY FAILED for TF\.js WebGPU, batched networks/,
    );
  });

  test('the suite runs both network peers, parity after 5 steps', () => {
    expect(params.networkPeers.peers).toEqual(Object.keys(NET_PEERS));
    expect(params.networkPeers.paritySteps).toBe(5);
    expect(params.networkPeers.parity).toEqual({ atol: 1e-3, rtol: 0 });
  });
});
